"""``jiuzhu serve`` (the web app and JSON API) and ``jiuzhu site build DIR`` (the rules pages
as static HTML for an intranet)."""

from __future__ import annotations

from pathlib import Path

import click
from jiuzhu.cli.context import pass_app


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but loopback needs an access token.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--token", envvar="JIUZHU_TOKEN", default=None, metavar="TEXT",
              help="Access token every request must carry (generated and printed when the host is not "
                   "loopback and none is given).")
@click.option("--max-upload-mb", default=50.0, show_default=True, type=click.FloatRange(min=0.001),
              help="Largest upload accepted (MB); larger requests get 413.")
@click.option("--max-rows", default=100_000, show_default=True, type=click.IntRange(min=1),
              help="Rows one request evaluates (bounds memory: about 10 KB per unit); more gets 413.")
@click.option("--workers", default=4, show_default=True, type=click.IntRange(1, 64),
              help="Evaluations run at once (each on a worker thread).")
@pass_app
def serve(app, host, port, token, max_upload_mb, max_rows, workers):
    """Start the web app (规则 rules, 测算 run a file, 对比 compare, 配置 profiles) and the JSON
    API (/docs, /openapi.json) on one local server.

    \b
    Example:
      jiuzhu serve              # then open http://127.0.0.1:8000
    """
    import uvicorn
    from jiuzhu.web.app import MB, Settings, create_app
    from jiuzhu.web.security import is_loopback, new_token

    if token is None and not is_loopback(host):
        token = new_token()
    settings = Settings(config=app.config, token=token, max_upload=int(max_upload_mb * MB), max_rows=max_rows,
                        workers=workers,
                        strict_plugins=app.strict_plugins)
    web = create_app(settings)
    shown_host = f"[{host}]" if ":" in host else host
    address = f"http://{shown_host}:{port}/" + (f"?token={token}" if token else "")
    click.echo(f"jiuzhu serving on {address}  (API docs: /docs; Ctrl-C stops)", err=True)
    if token:
        click.echo(f"access token: {token} (send Authorization: Bearer TOKEN, or open the address above)", err=True)
    uvicorn.run(web, host=host, port=port, log_level="warning", server_header=False)


@click.group()
def site():
    """The rules pages (规则: the jurisdiction tree, every jurisdiction's documents and
    parameters with their clauses, every pair's diff) as static HTML for an intranet with no
    server: the same pages ``jiuzhu serve`` shows.

    \b
    Example:
      jiuzhu site build rules-site     # then open rules-site/index.html
    """


@site.command("build")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@pass_app
def build(app, folder):
    """Write the rules pages (the tree, every jurisdiction, every pair's diff) as static HTML
    into FOLDER, with their stylesheet and script, for an intranet without a server.

    \b
    Example:
      jiuzhu site build rules-site
    """
    from jiuzhu.web.site import build_site

    pages = build_site(app.registry, folder)
    click.echo(f"wrote {pages} pages to {folder} (open {folder / 'index.html'})", err=True)
