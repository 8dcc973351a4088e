lint lint_priorities.yaml
