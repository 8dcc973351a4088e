test tests/not_a_mapping.yaml
