"""The catalogue of problem codes the tool reports besides its rules: loading (LD), schema (SC), plan folders
(PL), suppressions (SP) and the formatter (FM). Rules register their own codes (`stratplan.check.rules`);
`stratplan.check.catalogue` joins both, and `stratplan rules`, docs/rules.md and SARIF list them all.
A test fails on any code the tool emits that is not catalogued.
"""

from __future__ import annotations

from dataclasses import dataclass

from stratplan.core.diagnostics import Severity


@dataclass(frozen=True)
class ProblemCode:
    """A stable code with its name, default severity, one-line summary and what to do about it."""

    code: str
    name: str
    severity: Severity
    summary: str
    doc: str = ""

    @property
    def family(self) -> str:
        """The two-letter family of the code, e.g. `LD`."""
        return self.code[:2]


FAMILIES = {
    "LD": "loading: reading a file safely as YAML",
    "SC": "schema: the data against the plan's models",
    "PL": "plan folders: what a path names",
    "SP": "suppressions: `# stratplan: ignore[...]` directives",
    "FM": "formatter: what `stratplan fmt` refuses to rewrite",
}

E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

CODES: tuple[ProblemCode, ...] = (
    ProblemCode("LD101", "not-utf8", E, "The file is not UTF-8 text (or is UTF-16).", "Re-save the file as UTF-8."),
    ProblemCode("LD102", "file-too-large", E, "The file is over the size limit (5 MiB).", "Split the plan into smaller files."),
    ProblemCode("LD103", "yaml-syntax", E, "YAML syntax error, a control character, or a character some parsers read "
                "as a line break.", "Fix the syntax at the location shown."),
    ProblemCode("LD104", "yaml-directive", E, "A YAML directive (%YAML, %TAG).",
                "Delete the directive line; plans are YAML 1.2."),
    ProblemCode("LD105", "yaml-tag", E, "A YAML tag (`!!str`, `!custom`).", "Remove the tag; types come from the schema."),
    ProblemCode("LD106", "yaml-anchor-alias", E, "An anchor or alias (`&x`, `*x`), the vehicle of alias bombs.",
                "Write the value out in full."),
    ProblemCode("LD107", "several-documents", E, "More than one YAML document in a file.",
                "Remove the `---` separator or split the file."),
    ProblemCode("LD108", "duplicate-key", E, "The same key twice in one mapping: one value would silently win.",
                "Keep one of the two entries."),
    ProblemCode("LD109", "too-deep", E, "Nesting deeper than the limit (64 levels).", "Flatten the structure."),
    ProblemCode("LD110", "too-many-nodes", E, "More YAML nodes in one file than the limit (500,000).", "Split the file."),
    ProblemCode("LD111", "bad-number", E, "A number that is too long, not finite (`.inf`, `.nan`) or unreadable.",
                "Write a finite amount, or quote the value if it is text."),
    ProblemCode("LD112", "complex-key", E, "A mapping or list used as a mapping key.", "Use a plain key."),
    ProblemCode("LD113", "binary-file", E, "A NUL byte: the file is binary, not YAML.", "Point at the plan's YAML files."),
    ProblemCode("LD114", "not-a-regular-file", E, "Not a regular file (a FIFO, device, folder or symbolic link in git), "
                "or it cannot be read.", "Plans are made of ordinary YAML files."),
    ProblemCode("LD115", "empty-file", E, "The file is empty.", "Write the file's data, or delete the file."),
    ProblemCode("LD116", "symlink-outside", E, "A symbolic link leading outside the plan folder; it is not read.",
                "Copy the file into the plan folder instead of linking to it."),
    ProblemCode("LD117", "decimal-comma", E, "An amount written with the documents' decimal comma (`100,0`), which YAML "
                "reads as two values.", "Write the decimal separator as a dot: `100.0`."),
    ProblemCode("LD118", "bad-file-name", E, "A file name with bytes that are not UTF-8 or with control characters; the "
                "file is not read, and the name is shown with `\\xNN` escapes.", "Rename the file with ordinary characters."),
    ProblemCode("SC101", "unknown-key", E, "A key the model does not have (a misspelling, usually).",
                "Use the key the message suggests, or remove it."),
    ProblemCode("SC102", "missing-key", E, "A required key is missing.", "Add the key."),
    ProblemCode("SC103", "wrong-value", E, "A value of the wrong kind or out of range.", "Write the value the message asks for."),
    ProblemCode("SC201", "renamed-key", INFO, "A key of an earlier version of the format, read under its new name "
                "(`community:` is now `issuer:`).", "Rename the key; its meaning is unchanged."),
    ProblemCode("PL101", "no-plan-yaml", E, "A plan folder without plan.yaml.",
                "Create plan.yaml with the issuer, document and catalogs."),
    ProblemCode("PL102", "no-plan-found", E, "A path on the command line names no plan.",
                "Point at a plan folder such as plans/melitopol, or a folder with plans below it."),
    ProblemCode("PL103", "no-goals", E, "The plan has no goals folder, goals is not a folder or cannot be read, or it "
                "holds no goal file (a plan that says `totals_only: true` has none).",
                "Add the goals as goals/1.yaml, goals/2.yaml, ..., or `totals_only: true` in plan.yaml for a copy that "
                "holds only the declared totals."),
    ProblemCode("PL104", "file-not-read", E, "A file or folder in the plan folder that is not read: anything in goals/ "
                "or monitoring/ but `*.yaml` files (`sg3.yml`, `SG3.YAML`, a subfolder), a YAML file beside plan.yaml "
                "other than context.yaml and statements.yaml, or a monitoring that is not a folder. Hidden files are left alone.",
                "Rename it to `*.yaml`, move it up into its folder, or move it out of the plan folder."),
    ProblemCode("PL105", "monitoring-period", E, "A monitoring file not named after its period (`2023.yaml`, "
                "`2023-H1.yaml`), reporting on another period than its name says, or a second file for one period.",
                "Name each report after the period it reports on, one file per period."),
    ProblemCode("SP101", "unused-suppression", W, "A suppression that suppresses nothing.", "Remove the directive."),
    ProblemCode("SP102", "suppression-without-reason", E, "A suppression without a reason.",
                "Say why: `# stratplan: ignore[BG102] the document prints 160,0`."),
    ProblemCode("SP103", "malformed-suppression", E, "A malformed directive, or one naming no rule or an unknown rule.",
                "Write `# stratplan: ignore[CODE] reason` with codes such as BG102 or a family such as BG."),
    ProblemCode("FM101", "format-changes-data", E, "Formatting would change the data; the file is left unchanged.",
                "Report the file: the formatter cannot reproduce it."),
    ProblemCode("FM102", "format-moves-comment", E, "Formatting would lose, add or move a comment; the file is left unchanged.",
                "Move the comment to the end of the line it is about, or order the keys by hand."),
    ProblemCode("FM103", "format-cannot-read", E, "The formatter cannot read the file; it is left unchanged.",
                "Fix what `stratplan validate` reports for the file."),
    ProblemCode("FM104", "not-a-plan-file", E,
                "Not a plan file: fmt formats plan.yaml, context.yaml, statements.yaml and goals/*.yaml.",
                "Point fmt at plan folders."),
    ProblemCode("FM105", "symlink-not-formatted", E, "A symbolic link, or a file reached through one inside its plan "
                "folder (a linked goals/): fmt does not rewrite files through links.", "Format the files where they are."),
    ProblemCode("FM106", "cannot-write", E, "The formatted file cannot be written; it is left unchanged.",
                "Check the file's permissions and the disk."),
    ProblemCode("FM107", "too-large-to-format", E, "A plan file over fmt's size limit (512 KiB): its round trip would "
                "take minutes; the file is left unchanged.", "Split the file (one strategic goal per goal file)."),
)
