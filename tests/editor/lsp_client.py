"""A scripted client of `cotation lsp`: every request of the server, as an editor sends them.

usage: lsp_client.py COTATION_BINARY SOURCE_DIR

It writes a small policy (policy.yaml including schema.yaml) into a temporary folder and talks to
the server over its standard input and output (JSON-RPC, Content-Length framing), checking:
initialize and its capabilities; diagnostics on didOpen and didChange with check's codes, messages
and 0-based places (UTF-16 columns after non-ASCII text); a change that fixes the mistake; hover,
completion, definition and document symbols; an open included file checked as part of the file
that includes it, from the text being edited rather than the disk; malformed and hostile messages;
shutdown and exit. Each check prints `ok` or `FAIL`; the exit status is 1 when one failed.
"""
import json
import os
import queue
import subprocess
import sys
import tempfile
import threading

BIN, SOURCE = sys.argv[1], sys.argv[2]
failures = 0
checks = 0


def check(name, condition, detail=""):
    global failures, checks
    checks += 1
    if condition:
        print(f"ok {name}")
    else:
        failures += 1
        print(f"FAIL {name}{': ' + detail if detail else ''}")


def utf16(text):
    """The length of a text in UTF-16 code units, as LSP counts characters."""
    return len(text.encode("utf-16-le")) // 2


def place(text, needle, occurrence=0, plus=0):
    """The 0-based (line, UTF-16 character) of the start of `needle` (its n-th occurrence) in `text`."""
    at = -1
    for _ in range(occurrence + 1):
        at = text.index(needle, at + 1)
    at += plus
    line = text.count("\n", 0, at)
    start = text.rfind("\n", 0, at) + 1
    return line, utf16(text[start:at])


def lsp_range(text, needle, occurrence=0):
    line, character = place(text, needle, occurrence)
    return {"start": {"line": line, "character": character}, "end": {"line": line, "character": character + utf16(needle)}}


class Client:
    def __init__(self, *args):
        self.process = subprocess.Popen([BIN, "lsp", *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.messages = queue.Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()
        self.stderr = []
        threading.Thread(target=lambda: self.stderr.extend(self.process.stderr), daemon=True).start()

    def _read(self):
        out = self.process.stdout
        while True:
            headers = {}
            while True:
                line = out.readline()
                if not line:
                    self.messages.put(None)
                    return
                if line in (b"\r\n", b"\n"):
                    break
                key, _, value = line.decode("ascii").partition(":")
                headers[key.strip().lower()] = value.strip()
            self.messages.put(json.loads(out.read(int(headers["content-length"])).decode("utf-8")))

    def send_raw(self, data):
        self.process.stdin.write(data)
        self.process.stdin.flush()

    def send(self, message):
        body = json.dumps(message).encode("utf-8")
        self.send_raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method, params=None):
        self.next_id += 1
        message = {"jsonrpc": "2.0", "id": self.next_id, "method": method}
        if params is not None:
            message["params"] = params
        self.send(message)
        return self.wait(lambda m: m.get("id") == self.next_id and "method" not in m)

    def wait(self, predicate, timeout=20):
        """The first message that `predicate` accepts; the others are kept in `skipped`."""
        self.skipped = []
        while True:
            try:
                message = self.messages.get(timeout=timeout)
            except queue.Empty:
                return None
            if message is None:
                return None
            if predicate(message):
                return message
            self.skipped.append(message)

    def diagnostics(self, uri):
        message = self.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri)
        return message["params"] if message else None

    def quit(self):
        try:
            self.process.stdin.close()
        except BrokenPipeError:
            pass
        return self.process.wait(timeout=20)


def check_diagnostics(published):
    """The diagnostics of check (codes E...), without the lint's findings (L...) that follow a clean check."""
    return [d for d in published["diagnostics"] if not d.get("code", "").startswith("L")]


SCHEMA = """cotation: 1
records:
  demand:
    key: id
    fields:
      id: string
      filed_on: date
      household_size: {type: int, label: "Personnes à loger", reference: "cerfa 14069, rubrique 3"}
      monthly_income: number
      commune_label: string
      current_housing: enum[HLM, LP, SD, HOT]
      wished_communes: list<string>
    derived:
      income_per_uc: monthly_income * 12 / uc_divisor
  offer:
    key: id
    fields:
      id: string
      commune: string
      rooms: int
"""

POLICY = """cotation: 1
name: "Essai de l'éditeur"
include: [schema.yaml]
records:
  demand:
    derived:
      large: household_size >= large_household
parameters:
  uc_divisor: 1.5
  large_household:
    label: "Taille d'un grand ménage"
    reference: "PPGDID, annexe 2"
    values: 4
  q1_threshold:
    label: "Seuil du 1er quartile (€/UC/an)"
    reference: "Arrêté annuel"
    values:
      2024-01-01: 7650
      2025-06-01: 7890
grids:
  - id: primo
    label: "Primo-demandeurs"
    rubrics:
      - id: urgence
        label: "Urgence"
        criteria:
          - id: sans_abri
            label: "Sans abri"
            when: current_housing == "SD"
            points: 17
          - id: grand_menage
            label: "Grand ménage à Hénin 🏠"
            when: 'commune_label != "Hénin 🏠" and housholdsize >= large_household'
            points: 5
      - id: ressources
        label: "Ressources"
        criteria:
          - id: pauvre
            label: "Sous le 1er quartile"
            when: income_per_uc < q1_threshold
            points: 3
      - id: anciennete
        criteria:
          - id: mois
            points: min(months_between(filed_on, as_of), 24)
flags:
  - id: grand
    label: "Grand ménage"
    when: large
quotas:
  - id: q1
    label: "Premier quartile"
    record: demand
    period_field: filed_on
    meets: income_per_uc < q1_threshold
    target: ">= 25%"
matching:
  eligible_when:
    - id: commune
      label: "Commune souhaitée"
      when: offer.commune in wished_communes
"""

FIXED = POLICY.replace("housholdsize", "household_size")

work = tempfile.mkdtemp()
schema_path = os.path.join(work, "schema.yaml")
policy_path = os.path.join(work, "policy.yaml")
with open(schema_path, "w", encoding="utf-8") as f:
    f.write(SCHEMA)
with open(policy_path, "w", encoding="utf-8") as f:
    f.write(FIXED)  # the disk holds the fixed text: the server must check what the client sends
schema_uri = "file://" + schema_path
policy_uri = "file://" + policy_path

# --- initialize -----------------------------------------------------------------------------
client = Client()
reply = client.request("initialize", {"processId": os.getpid(), "rootUri": "file://" + work, "capabilities": {},
                                      "initializationOptions": {"as_of": "2025-03-01"}})
capabilities = reply["result"]["capabilities"] if reply and "result" in reply else {}
sync = capabilities.get("textDocumentSync")
check("initialize: full text sync", (sync if isinstance(sync, int) else (sync or {}).get("change")) == 1, str(sync))
check("initialize: open and close notifications", isinstance(sync, int) or (sync or {}).get("openClose") is True, str(sync))
for provider in ("hoverProvider", "completionProvider", "definitionProvider", "documentSymbolProvider"):
    check(f"initialize: {provider}", bool(capabilities.get(provider)), json.dumps(capabilities))
check("initialize: UTF-16 positions", capabilities.get("positionEncoding", "utf-16") == "utf-16")
check("initialize: serverInfo", reply and reply["result"].get("serverInfo", {}).get("name") == "cotation", str(reply))
client.notify("initialized", {})

# --- diagnostics on didOpen: check's code, message (hint on a new line) and 0-based place -------
client.notify("textDocument/didOpen", {"textDocument": {"uri": policy_uri, "languageId": "yaml", "version": 1, "text": POLICY}})
published = client.diagnostics(policy_uri)
diagnostics = published["diagnostics"] if published else []
check("didOpen: diagnostics published with the document's version", published is not None and published.get("version") == 1, str(published))
check("didOpen: one diagnostic", len(diagnostics) == 1, json.dumps(diagnostics, ensure_ascii=False))
with open(os.path.join(work, "open.yaml"), "w", encoding="utf-8") as f:
    f.write(POLICY)
checked = json.loads(subprocess.run([BIN, "check", "--format", "json", os.path.join(work, "open.yaml")], capture_output=True, text=True).stdout)
if diagnostics and checked:
    d, c = diagnostics[0], checked[0]
    check("didOpen: the code of check", d.get("code") == c["code"] == "E0301", f"{d.get('code')} / {c['code']}")
    check("didOpen: source cotation", d.get("source") == "cotation")
    check("didOpen: severity error", d.get("severity") == 1)
    check("didOpen: check's message, then its hint on a new line", d.get("message") == c["message"] + "\n" + c["hint"],
          repr(d.get("message")))
    expected = lsp_range(POLICY, "housholdsize")
    if os.environ.get("COTATION_WRONG_EXPECTATION"):  # the checker's own test: a place one character off
        expected["start"]["character"] += 1
    check("didOpen: 0-based range, UTF-16 characters", d.get("range") == expected, f"{d.get('range')} != {expected}")
    # check counts columns from 1 in code points; LSP from 0 in UTF-16 units (🏠 is two of them).
    line_text = POLICY.split("\n")[c["line"] - 1]
    check("didOpen: the same place as check", d["range"]["start"] == {"line": c["line"] - 1, "character": utf16(line_text[:c["column"] - 1])})

# --- a change that fixes the mistake ----------------------------------------------------------
client.notify("textDocument/didChange", {"textDocument": {"uri": policy_uri, "version": 2}, "contentChanges": [{"text": FIXED}]})
published = client.diagnostics(policy_uri)
check("didChange: the fix clears the diagnostics of check", published is not None and check_diagnostics(published) == [] and published["version"] == 2,
      str(published))
# A policy without errors is linted (policy format section 10.4): the findings of `cotation lint` at
# the server's date, with their codes, severities and places.
with open(os.path.join(work, "fixed.yaml"), "w", encoding="utf-8") as f:
    f.write(FIXED)
linted = json.loads(subprocess.run([BIN, "lint", "--format", "json", "--as-of", "2025-03-01", os.path.join(work, "fixed.yaml")],
                                   capture_output=True, text=True).stdout)
findings = published["diagnostics"] if published else []
check("didChange: the lint's findings (L0101 first: this grid does not put DALO first)",
      [d["code"] for d in findings][:1] == ["L0101"] and [d["code"] for d in findings] == [c["code"] for c in linted], str(findings))
check("didChange: each finding at the lint's place, with its severity",
      [(d["range"]["start"]["line"] + 1, d["range"]["start"]["character"] + 1, d["severity"]) for d in findings] ==
      [(c["line"], c["column"], 1 if c["severity"] == "error" else 2) for c in linted], json.dumps(linted)[:400])

# A change that breaks two things: both are reported, in file order.
broken = FIXED.replace('target: ">= 25%"', 'target: "about 25%"').replace("points: 17", "points: current_housing")
client.notify("textDocument/didChange", {"textDocument": {"uri": policy_uri, "version": 3}, "contentChanges": [{"text": broken}]})
published = client.diagnostics(policy_uri)
codes = [d["code"] for d in published["diagnostics"]] if published else []
check("didChange: every diagnostic of check", codes == ["E0405", "E0112"], str(codes))
# An incremental change (a range), although the server asks for full text: it is applied all the same.
line, character = place(broken, "about 25%")
client.notify("textDocument/didChange", {"textDocument": {"uri": policy_uri, "version": 4}, "contentChanges": [
    {"range": {"start": {"line": line, "character": character}, "end": {"line": line, "character": character + 5}}, "text": ">="}]})
published = client.diagnostics(policy_uri)
codes = [d["code"] for d in published["diagnostics"]] if published else []
check("didChange: an edit with a range", codes == ["E0405"], str(codes))
client.notify("textDocument/didChange", {"textDocument": {"uri": policy_uri, "version": 5}, "contentChanges": [{"text": FIXED}]})
published = client.diagnostics(policy_uri)
check("didChange: fixed again", published is not None and check_diagnostics(published) == [] and len(published["diagnostics"]) == len(linted), str(published))
text = FIXED


# --- hover ---------------------------------------------------------------------------------
def hover(needle, occurrence=0, plus=1):
    line, character = place(text, needle, occurrence, plus)
    reply = client.request("textDocument/hover", {"textDocument": {"uri": policy_uri}, "position": {"line": line, "character": character}})
    return reply.get("result") if reply else None


h = hover("q1_threshold", 1)
value = h["contents"]["value"] if h else ""
check("hover: a parameter's type, label, value in force at as_of and reference",
      all(s in value for s in ("q1_threshold", "`int`", "Seuil du 1er quartile (€/UC/an)", "Value on 2025-03-01: `7650` (since 2024-01-01)",
                               "Arrêté annuel")), value)
check("hover: the name's range", h is not None and h.get("range") == lsp_range(text, "q1_threshold", 1), str(h and h.get("range")))
h = hover("household_size", 1)
value = h["contents"]["value"] if h else ""
check("hover: a field's type and label", all(s in value for s in ("household_size", "`int`", "field of `demand`", "Personnes à loger")), value)
h = hover("large_household", 2)
value = h["contents"]["value"] if h else ""
check("hover: an undated parameter", "Value: `4` (always in force)" in value and "PPGDID, annexe 2" in value, value)
h = hover("income_per_uc", 0)
value = h["contents"]["value"] if h else ""
check("hover: a derived field of an included file", "income_per_uc" in value and "`number`" in value and "derived field" in value, value)
h = hover("when: large", 0, plus=7)  # the flag's `when: large`
value = h["contents"]["value"] if h else ""
check("hover: a derived field", "**large**: `bool` — derived field of `demand`" in value, value)
h = hover("offer.commune", 0, plus=8)
value = h["contents"]["value"] if h else ""
check("hover: an offer field inside matching", "field of `offer`" in value, value)
h = hover("period_field: filed_on", 0, plus=16)
value = h["contents"]["value"] if h else ""
check("hover: a field named as a value (period_field)", "**filed_on**: `date` — field of `demand`" in value, value)
h = hover("months_between(", 0)
value = h["contents"]["value"] if h else ""
check("hover: a function", value == "**months_between(d1, d2)** — whole months from d1 to d2", value)
h = hover("as_of)", 0)
value = h["contents"]["value"] if h else ""
check("hover: as_of", value == "**as_of**: `date` — the evaluation date (here 2025-03-01)", value)
check("hover: nothing on a key", hover("label:", 0) is None)
check("hover: nothing inside a string literal", hover('"SD"', 0, plus=2) is None)


# --- completion ----------------------------------------------------------------------------
def complete(source, needle, occurrence=0, plus=0):
    """Completion at the end of `needle` in `source` (sent as the new text)."""
    client.notify("textDocument/didChange", {"textDocument": {"uri": policy_uri, "version": 10}, "contentChanges": [{"text": source}]})
    client.diagnostics(policy_uri)
    line, character = place(source, needle, occurrence, len(needle) + plus)
    reply = client.request("textDocument/completion", {"textDocument": {"uri": policy_uri}, "position": {"line": line, "character": character}})
    result = reply.get("result") if reply else None
    items = result["items"] if isinstance(result, dict) else (result or [])
    return {item["label"]: item for item in items}


typing = text.replace('when: current_housing == "SD"', "when: hou")
items = complete(typing, "when: hou")
check("completion: fields", items.get("household_size", {}).get("kind") == 5 and "current_housing" in items, str(sorted(items)[:12]))
check("completion: derived fields", items.get("income_per_uc", {}).get("kind") == 6 and "large" in items)
check("completion: parameters", items.get("q1_threshold", {}).get("kind") == 21 and "uc_divisor" in items)
check("completion: functions", items.get("months_between", {}).get("kind") == 3 and "min" in items)
check("completion: as_of", "as_of" in items)
check("completion: not the offer outside matching", "offer.commune" not in items)
edit = items.get("household_size", {}).get("textEdit", {})
line, character = place(typing, "when: hou", 0, 6)
check("completion: replaces the word typed", edit.get("range", {}).get("start") == {"line": line, "character": character} and
      edit.get("newText") == "household_size", str(edit))
items = complete(text.replace('when: current_housing == "SD"', "when: current_housing == "), "current_housing == ")
check("completion: after == on an enum, its values", sorted(items) == ["HLM", "HOT", "LP", "SD"], str(sorted(items)))
check("completion: an enum value quoted", items.get("SD", {}).get("textEdit", {}).get("newText") == '"SD"', str(items.get("SD")))
items = complete(text.replace('when: current_housing == "SD"', 'when: current_housing != "H'), 'current_housing != "H')
check("completion: inside the quotes, the values unquoted", sorted(items) == ["HLM", "HOT", "LP", "SD"] and
      items["HOT"]["textEdit"]["newText"] == "HOT", str(items.get("HOT")))
items = complete(text.replace('when: current_housing == "SD"', 'when: \'current_housing in ["SD", \''), 'current_housing in ["SD", ')
check("completion: in a list after `in`, the values", sorted(items) == ["HLM", "HOT", "LP", "SD"], str(sorted(items)))
items = complete(text.replace('when: current_housing == "SD"', "when: current_housing not in "), "current_housing not in ")
check("completion: after `in` on an enum, its values as a list", sorted(items) == ["HLM", "HOT", "LP", "SD"] and
      items["LP"]["textEdit"]["newText"] == '["LP"]', str(items.get("LP")))
items = complete(text.replace("when: offer.commune in wished_communes", "when: offer."), "when: offer.")
check("completion: offer. inside matching", sorted(items) == ["offer.commune", "offer.id", "offer.rooms"], str(sorted(items)))
items = complete(text.replace('when: current_housing == "SD"', "when: "), "when: ")
check("completion: an empty expression", "household_size" in items and "months_between" in items, str(sorted(items)[:5]))
items = complete(text, 'label: "Urgence', 0, -3)
check("completion: nothing outside expressions", items == {}, str(sorted(items)[:5]))
client.notify("textDocument/didChange", {"textDocument": {"uri": policy_uri, "version": 11}, "contentChanges": [{"text": text}]})
client.diagnostics(policy_uri)


# --- definition ----------------------------------------------------------------------------
def definition(needle, occurrence=0, plus=1):
    line, character = place(text, needle, occurrence, plus)
    reply = client.request("textDocument/definition", {"textDocument": {"uri": policy_uri}, "position": {"line": line, "character": character}})
    return reply.get("result") if reply else None


d = definition("q1_threshold", 1)
check("definition: a parameter", d == {"uri": policy_uri, "range": lsp_range(text, "q1_threshold", 0)}, str(d))
d = definition("when: large", 0, plus=7)
check("definition: a derived field", d == {"uri": policy_uri, "range": lsp_range(text, "large", 0)}, str(d))
d = definition("income_per_uc", 0)
check("definition: a derived field of the included file", d == {"uri": schema_uri, "range": lsp_range(SCHEMA, "income_per_uc")}, str(d))
d = definition("schema.yaml", 0)
check("definition: an include entry opens the file", d is not None and d["uri"] == schema_uri and d["range"]["start"] == {"line": 0, "character": 0}, str(d))
d = definition("period_field: filed_on", 0, plus=16)
check("definition: a field named as a value", d == {"uri": schema_uri, "range": lsp_range(SCHEMA, "filed_on")}, str(d))
check("definition: nothing on a number", definition("points: 17", 0, plus=9) is None)

# --- document symbols ----------------------------------------------------------------------
reply = client.request("textDocument/documentSymbol", {"textDocument": {"uri": policy_uri}})
symbols = reply.get("result") if reply else []
outline = [(s["name"], s.get("detail"), [(r["name"], r.get("detail"), [c["name"] for c in r.get("children", [])]) for r in s.get("children", [])])
           for s in symbols]
check("documentSymbol: grids > rubrics > criteria, flags, quotas, parameters", outline == [
    ("primo", "Primo-demandeurs", [("urgence", "Urgence", ["sans_abri", "grand_menage"]), ("ressources", "Ressources", ["pauvre"]),
                                   ("anciennete", None, ["mois"])]),
    ("grand", "Grand ménage", []),
    ("q1", "Premier quartile", []),
    ("uc_divisor", None, []), ("large_household", "Taille d'un grand ménage", []), ("q1_threshold", "Seuil du 1er quartile (€/UC/an)", []),
], json.dumps(outline, ensure_ascii=False))


def contains(outer, inner):
    key = lambda p: (p["line"], p["character"])
    return key(outer["start"]) <= key(inner["start"]) and key(inner["end"]) <= key(outer["end"])


all_nested = all(contains(s["range"], s["selectionRange"]) and all(contains(s["range"], r["range"]) for r in s.get("children", []))
                 for s in symbols)
check("documentSymbol: each selection and child inside its range", all_nested)
check("documentSymbol: the selection is the id", symbols and symbols[0]["selectionRange"] == lsp_range(text, "primo"), str(symbols[:1]))

# --- an included file, open and edited: checked as part of the file that includes it ------------
# Alone, schema.yaml names `uc_divisor`, a parameter of policy.yaml: `cotation check schema.yaml` fails.
alone = subprocess.run([BIN, "check", schema_path], capture_output=True, text=True)
check("include: the schema alone does not check", alone.returncode == 1 and "E0301" in alone.stderr, alone.stderr)
client.notify("textDocument/didOpen", {"textDocument": {"uri": schema_uri, "languageId": "yaml", "version": 1, "text": SCHEMA}})
published = client.diagnostics(schema_uri)
check("include: checked as part of the including file, it has no error", published is not None and published["diagnostics"] == [], str(published))
edited = SCHEMA.replace("monthly_income: number", "monthly_income: numbr").replace("household_size: {", "persons: {")
client.notify("textDocument/didChange", {"textDocument": {"uri": schema_uri, "version": 2}, "contentChanges": [{"text": edited}]})
published = client.diagnostics(schema_uri)
codes = [d["code"] for d in published["diagnostics"]] if published else []
check("include: the edited text is checked, not the disk", codes == ["E0108", "E0301"], str(published))
if published and published["diagnostics"]:
    check("include: the place in the included file", published["diagnostics"][0]["range"] == lsp_range(edited, "numbr"),
          str(published["diagnostics"][0]["range"]))
including = client.diagnostics(policy_uri)
check("include: the including file's diagnostics follow", including is not None and
      [d["code"] for d in including["diagnostics"]] == ["E0301", "E0301"], str(including))
client.notify("textDocument/didClose", {"textDocument": {"uri": schema_uri}})
cleared = client.diagnostics(schema_uri)
check("include: closed, the disk's text is read again", cleared is not None and cleared["diagnostics"] == [], str(cleared))
including = client.diagnostics(policy_uri)
check("include: and the including file is clean again", including is not None and check_diagnostics(including) == [], str(including))

# --- a YAML file of another kind (a policy's test file): left alone ---------------------------
other_uri = "file://" + os.path.join(work, "tests.yaml")
client.notify("textDocument/didOpen", {"textDocument": {"uri": other_uri, "languageId": "yaml", "version": 1,
                                                        "text": "policy: policy.yaml\nas_of: 2025-06-01\ncases: []\n"}})
published = client.diagnostics(other_uri)
check("another YAML file: no diagnostic", published is not None and published["diagnostics"] == [], str(published))
reply = client.request("textDocument/documentSymbol", {"textDocument": {"uri": other_uri}})
check("another YAML file: no symbol", reply is not None and reply.get("result") == [], str(reply))
client.notify("textDocument/didClose", {"textDocument": {"uri": other_uri}})

# --- malformed and hostile messages: answered or skipped, never a crash ------------------------
client.send_raw(b"Content-Length: 9\r\n\r\nnot json!")
reply = client.wait(lambda m: "error" in m)
check("hostile: not JSON is a parse error", reply is not None and reply["error"]["code"] == -32700 and reply["id"] is None, str(reply))
client.send_raw(b"Content-Length: 3\r\n\r\n[1]")
reply = client.wait(lambda m: "error" in m)
check("hostile: not an object is an invalid request", reply is not None and reply["error"]["code"] == -32600, str(reply))
client.send_raw(b"Content-Length: x1\r\n\r\n")
deep = ("[" * 100000 + "]" * 100000).encode()
client.send_raw(b"Content-Length: %d\r\n\r\n" % len(deep) + deep)
reply = client.wait(lambda m: "error" in m)
check("hostile: deep nesting refused", reply is not None and reply["error"]["code"] == -32600, str(reply))
reply = client.request("textDocument/formatting", {"textDocument": {"uri": policy_uri}})
check("hostile: an unknown method", reply is not None and reply.get("error", {}).get("code") == -32601, str(reply))
reply = client.request("textDocument/hover", {"textDocument": {"uri": policy_uri}, "position": {"line": -1}})
check("hostile: bad params", reply is not None and reply.get("error", {}).get("code") == -32602, str(reply))
reply = client.request("textDocument/hover", {"textDocument": {"uri": 12}})
check("hostile: a URI that is not a string", reply is not None and reply.get("error", {}).get("code") == -32602, str(reply))
client.notify("textDocument/didChange", {"textDocument": {"uri": policy_uri}, "contentChanges": "everything"})
client.notify("textDocument/didOpen", {"textDocument": None})
reply = client.request("textDocument/hover", {"textDocument": {"uri": "file:///no/such/file.yaml"}, "position": {"line": 99999, "character": 99999}})
check("hostile: a document never opened", reply is not None and reply.get("result", 0) is None, str(reply))
reply = client.request("textDocument/hover", {"textDocument": {"uri": policy_uri}, "position": {"line": 99999, "character": 99999}})
check("hostile: a place past the end", reply is not None and "result" in reply, str(reply))
h = hover("q1_threshold", 1)
check("hostile: the server still answers", h is not None and "q1_threshold" in h["contents"]["value"])

# --- shutdown and exit ---------------------------------------------------------------------
reply = client.request("shutdown")
check("shutdown: result null", reply is not None and "result" in reply and reply["result"] is None, str(reply))
reply = client.request("textDocument/hover", {"textDocument": {"uri": policy_uri}, "position": {"line": 0, "character": 0}})
check("shutdown: later requests are invalid", reply is not None and reply.get("error", {}).get("code") == -32600, str(reply))
client.notify("exit", None)
status = client.process.wait(timeout=20)
check("exit: status 0 after shutdown", status == 0, str(status))

# --- a second session: today's values, UTF-8 positions, requests before initialize, exit 1 ------
client = Client()
reply = client.request("textDocument/hover", {"textDocument": {"uri": policy_uri}, "position": {"line": 0, "character": 0}})
check("before initialize: ServerNotInitialized", reply is not None and reply.get("error", {}).get("code") == -32002, str(reply))
reply = client.request("initialize", {"capabilities": {"general": {"positionEncodings": ["utf-8", "utf-16"]}}})
check("initialize: the client's first encoding", reply and reply["result"]["capabilities"]["positionEncoding"] == "utf-8", str(reply))
client.notify("textDocument/didOpen", {"textDocument": {"uri": policy_uri, "languageId": "yaml", "version": 1, "text": POLICY}})
published = client.diagnostics(policy_uri)
line_text = POLICY.split("\n")[place(POLICY, "housholdsize")[0]]
expected = len(line_text[:line_text.index("housholdsize")].encode("utf-8"))
check("utf-8: characters are bytes", published and published["diagnostics"][0]["range"]["start"]["character"] == expected, str(published))
client.notify("textDocument/didChange", {"textDocument": {"uri": policy_uri, "version": 2}, "contentChanges": [{"text": FIXED}]})
client.diagnostics(policy_uri)
line, character = place(text, "q1_threshold", 1, 1)
reply = client.request("textDocument/hover", {"textDocument": {"uri": policy_uri}, "position": {"line": line, "character": character}})
value = reply["result"]["contents"]["value"] if reply and reply.get("result") else ""
check("hover: without as_of, the value in force today", "Value on " in value and "(since 2025-06-01)" in value, value)
client.notify("exit", None)
status = client.process.wait(timeout=20)
check("exit: status 1 without shutdown", status == 1, str(status))

# `cotation lsp --as-of DATE`: the date when the client gives none.
client = Client("--as-of", "2024-06-01")
client.request("initialize", {"capabilities": {}})
client.notify("textDocument/didOpen", {"textDocument": {"uri": policy_uri, "languageId": "yaml", "version": 1, "text": FIXED}})
client.diagnostics(policy_uri)
reply = client.request("textDocument/hover", {"textDocument": {"uri": policy_uri}, "position": {"line": line, "character": character}})
value = reply["result"]["contents"]["value"] if reply and reply.get("result") else ""
check("--as-of: the date of hover's values", "Value on 2024-06-01: `7650` (since 2024-01-01)" in value, value)
client.request("shutdown")
client.notify("exit", None)
check("--as-of: exit 0", client.process.wait(timeout=20) == 0)

# A client that goes away: the end of the input ends the server.
client = Client()
client.request("initialize", {"capabilities": {}})
check("end of input: the server stops", client.quit() == 1)

print(f"{checks - failures} passed, {failures} failed")
sys.exit(1 if failures else 0)
