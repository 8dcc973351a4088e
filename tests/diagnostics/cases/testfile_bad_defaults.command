test tests/bad_defaults.yaml
