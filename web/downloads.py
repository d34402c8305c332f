"""Files to hand on: the CLI itself writes them (``--output FILE.xlsx``, the report with its
说明 sheet, and the ``FILE.provenance.json`` beside it), in a private folder removed after the request, so the
web app has no writer of its own."""

from __future__ import annotations

import tempfile
from pathlib import Path

import click

from jiuzhu.core.model.errors import InputError
from jiuzhu.web.uploads import Upload, shown, staged


def cli_output(command: list[str], upload: Upload, options: list[str], config: Path | None,
               suffix: str = ".xlsx") -> tuple[bytes, bytes]:
    """Run ``jiuzhu COMMAND [FILE] OPTIONS --output OUT`` in-process on the
    staged upload; the bytes of OUT and of its provenance sidecar."""
    from jiuzhu.cli.main import cli

    with staged(upload) as path, tempfile.TemporaryDirectory(prefix="jiuzhu-result-") as folder:
        out = Path(folder) / f"jiuzhu{suffix}"
        argv = (["--config", str(config)] if config else []) + command + \
            ([] if upload.sample else [str(path)]) + options + ["--output", str(out)]
        try:
            cli.main(argv, prog_name="jiuzhu", standalone_mode=False)
        except click.ClickException as exc:
            cause = exc.__context__
            if isinstance(cause, InputError):
                raise InputError(shown(cause.detail, path, upload), file=upload.name, row=cause.row,
                                 column=cause.column) from None
            raise click.ClickException(shown(exc.format_message(), path, upload)) from None
        except (OSError, ValueError, KeyError, SyntaxError) as exc:  # a reader failing on a hostile file
            from jiuzhu.web.runs import unreadable

            raise unreadable(exc, path, upload) from None
        from jiuzhu.cli.output import provenance_path

        provenance = provenance_path(out)
        sidecar = provenance.read_text(encoding="utf-8") if provenance.exists() else "{}"
        return out.read_bytes(), shown(sidecar, path, upload).encode("utf-8")
