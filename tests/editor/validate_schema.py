"""The JSON Schema of a policy file (schema/policy.schema.json) against policy files.

usage: validate_schema.py SCHEMA [--valid] FILE... [--invalid FILE...]...
Each FILE is read as a YAML 1.2 reader reads it (dates and mapping keys are strings; only
true/false are bools) and validated: the files after --valid (the default) must be valid, those
after --invalid must not. Prints one line per file and a count; exits 1 when one is not as expected.
"""
import json
import re
import sys

import jsonschema
import yaml


class Yaml12Loader(yaml.SafeLoader):
    """PyYAML reads YAML 1.1: 2024-01-01 would be a date and `on`/`yes` bools. This reader keeps
    YAML 1.2's core schema: timestamps are strings; bools are true/false (any case as 1.2 writes
    them: true, True, TRUE)."""


Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Yaml12Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


def stringify_keys(node):
    """JSON's keys are strings: `1: 23201` in a table is the key "1"."""
    if isinstance(node, dict):
        return {str(k).lower() if isinstance(k, bool) else str(k): stringify_keys(v) for k, v in node.items()}
    if isinstance(node, list):
        return [stringify_keys(v) for v in node]
    return node


def main():
    args = sys.argv[1:]
    schema = json.load(open(args.pop(0), encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    expect_valid = True
    files = failures = 0
    for arg in args:
        if arg in ("--valid", "--invalid"):
            expect_valid = arg == "--valid"
            continue
        files += 1
        document = stringify_keys(yaml.load(open(arg, encoding="utf-8"), Loader=Yaml12Loader))
        errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
        if expect_valid and errors:
            failures += 1
            print(f"FAIL {arg}: not valid")
            for e in errors[:5]:
                print(f"    at /{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}")
        elif not expect_valid and not errors:
            failures += 1
            print(f"FAIL {arg}: valid, but it is a wrong policy")
        else:
            where = "" if expect_valid else f" (at /{'/'.join(map(str, errors[0].absolute_path))}: {errors[0].message[:120]})"
            print(f"ok {arg}: {'valid' if expect_valid else 'invalid'}{where}")
    print(f"{files - failures} as expected, {failures} not")
    return 1 if failures or not files else 0


if __name__ == "__main__":
    sys.exit(main())
