"""Import customers from an XLSX or CSV file, as the import screen does."""

import tempfile
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from branches.models import Branch
from customers.importer.engine import (
    ImportWriteFailed,
    copy_file,
    dry_run,
    no_progress,
    prepare,
    rejected_statuses,
    run_import,
)
from customers.importer.mapping import (
    CodePolicy,
    DateOrder,
    ImportMode,
    ImportOptions,
    MappingJSONError,
    check_mapping,
    field_label,
    mapping_from_json,
    suggest_mapping,
)
from customers.importer.reading import ImportFileError, column_label, read_head
from customers.importer.store import ImportStore, purge_expired
from customers.importer.writing import write_rejected_workbook
from customers.models import CustomerGroup


class Command(BaseCommand):
    help = (
        "Import customers from an XLSX or CSV file with the checks of the import "
        "screen. Every row gets the same home branch; existing customers are "
        "never changed."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The .xlsx or .csv file to import.")
        parser.add_argument(
            "--branch", required=True, help="Code of the home branch for every row."
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check every row and print the summary without importing.",
        )
        parser.add_argument(
            "--mapping",
            help=(
                "A JSON object of column header to customer field, such as "
                '{"E-mail": "email", "Phone 1": "mobile"}, or the path of a file '
                "that holds one. Columns left out are not imported. Without it, "
                "the suggested mapping is used."
            ),
        )

        parser.add_argument("--sheet", help="The worksheet of an XLSX file to read.")
        parser.add_argument("--group", help="Name of the customer group for every row.")
        parser.add_argument(
            "--date-order",
            choices=DateOrder.values,
            default=DateOrder.DAY_FIRST,
            help="How to read dates such as 03/04/2024 (default: dmy, day first).",
        )
        parser.add_argument(
            "--codes",
            choices=CodePolicy.values,
            help=(
                "auto: #AUTO for every row; file: the mapped code column, with "
                "#AUTO where it is empty (default when a code column is mapped)."
            ),
        )

        parser.add_argument(
            "--all-or-nothing",
            action="store_true",
            help="Import nothing unless every row is valid.",
        )
        parser.add_argument(
            "--allow-duplicates",
            action="store_true",
            help="Also import rows that only look like an existing customer.",
        )

        parser.add_argument(
            "--user",
            help="Username recorded as the creator; must work at the branch.",
        )
        parser.add_argument(
            "--rejected", help="Write the rejected rows to this XLSX file."
        )
        parser.add_argument(
            "--show-problems",
            type=int,
            default=20,
            help="How many rows with problems to list (default: 20).",
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No file at {path}.")
        branch = Branch.objects.filter(code__iexact=options["branch"]).first()
        if branch is None:
            raise CommandError(f"No branch has the code {options['branch']!r}.")
        user = self.find_user(options["user"], branch)
        group = self.find_group(options["group"])
        purge_expired()

        with tempfile.TemporaryDirectory(prefix="wess-import-") as folder:
            store = ImportStore.create(Path(folder))
            copy_file(store, path)
            try:
                info = prepare(store, path.name)
                head = read_head(store.source_path, info, options["sheet"])
            except ImportFileError as error:
                raise CommandError(error.message) from None

            mapping = self.read_mapping(options["mapping"], head.headers)
            code_policy = options["codes"] or (
                CodePolicy.FILE if "code" in mapping else CodePolicy.AUTO
            )
            errors = check_mapping(mapping, head.headers, code_policy)
            if errors:
                raise CommandError(" ".join(error.message for error in errors))
            self.print_mapping(mapping, head.headers)

            import_options = ImportOptions(
                branch=branch,
                group=group,
                date_order=options["date_order"],
                code_policy=code_policy,
            )
            progress = self.progress if options["verbosity"] >= 2 else no_progress
            try:
                summary = dry_run(
                    store,
                    mapping,
                    import_options,
                    sheet=options["sheet"],
                    progress=progress,
                )
                if not options["dry_run"]:
                    summary = run_import(
                        store,
                        import_options,
                        mode=(
                            ImportMode.ALL_OR_NOTHING
                            if options["all_or_nothing"]
                            else ImportMode.SKIP_INVALID
                        ),
                        allow_duplicates=options["allow_duplicates"],
                        user=user,
                        recheck=False,
                        progress=progress,
                    )
            except ImportFileError as error:
                raise CommandError(error.message) from None
            except ImportWriteFailed as error:
                raise CommandError(str(error)) from None

            if options["dry_run"]:
                self.stdout.write("Dry run: nothing was imported.")
            for line in summary.lines() + summary.problem_lines() + summary.notes:
                self.stdout.write(line)
            self.print_problem_rows(
                store, options["show_problems"], options["allow_duplicates"]
            )
            if options["rejected"]:
                self.save_rejected(store, Path(options["rejected"]), options)

    def find_user(self, username, branch):
        if not username:
            return None
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user is named {username!r}.")
        if not Branch.objects.for_user(user).filter(pk=branch.pk).exists():
            raise CommandError(f"{username} does not work at branch {branch.code}.")
        return user

    def find_group(self, name):
        if not name:
            return None
        group = CustomerGroup.objects.filter(
            name__iexact=name, is_published=True
        ).first()
        if group is None:
            raise CommandError(f"No published customer group is named {name!r}.")
        return group

    def read_mapping(self, argument, headers):
        if not argument:
            return suggest_mapping(headers)
        text = argument
        if not argument.lstrip().startswith(("{", "[")):
            try:
                text = Path(argument).read_text(encoding="utf-8")
            except OSError as error:
                raise CommandError(
                    f"The mapping file could not be read: {error}."
                ) from None
        try:
            return mapping_from_json(text, headers)
        except MappingJSONError as error:
            raise CommandError(str(error)) from None

    def print_mapping(self, mapping, headers):
        for index, key in enumerate(mapping):
            if key:
                label = column_label(index, headers[index])
                self.stdout.write(f"{label} -> {field_label(key)}")

    def print_problem_rows(self, store, limit, allow_duplicates):
        if limit <= 0:
            return
        with store.rows() as rows:
            statuses = rejected_statuses(allow_duplicates)
            found = rows.count(statuses)
            for row in rows.page(statuses, limit=limit):
                reasons = " ".join(problem["message"] for problem in row["problems"])
                self.stdout.write(f"Row {row['number']}: {reasons}")
        if found > limit:
            self.stdout.write(f"... and {found - limit} more rows with problems.")

    def save_rejected(self, store, target, options):
        headers = store.meta["headers"]
        with store.rows() as rows:
            count = write_rejected_workbook(
                rows, rejected_statuses(options["allow_duplicates"]), headers, target
            )
        self.stdout.write(f"Wrote {count} rejected rows to {target}.")

    def progress(self, phase, done, total):
        of = f" of {total:,}" if total else ""
        self.stderr.write(f"{phase.label}: {done:,}{of}")
