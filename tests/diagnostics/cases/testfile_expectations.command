test tests/expectations.yaml
