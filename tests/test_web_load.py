"""A bounded load test on loopback: 50 concurrent uploads of the sample roster and 4 of a
large generated file against a real ``jiuzhu serve``; every answer equals the CLI's, and the
server's peak memory is reported. Loops are bounded in count and time; traffic goes only to
127.0.0.1."""

from __future__ import annotations

import json
import time
from concurrent.futures import ThreadPoolExecutor

from webserver import peak_rss_mb, running_server
from webutil import UNITS

from jiuzhu.cli.main import cli

SAMPLE_UPLOADS = 50
LARGE_UPLOADS = 4
# A national file (542,850 units) answers with ~580,000 JSON records, about 500 MB of text
# per response; four at once would not fit this machine, so a 20,000-unit stand-in is used
# (national files go through `jiuzhu compare --format csv`'s wide layout instead).
LARGE_UNITS = 20_000
DEADLINE_S = 240


def large_units_csv(n: int) -> bytes:
    lines = ["code,level,population,dibao_count"]
    for i in range(n):
        if i % 190 == 0:
            level, pop = "county", 300_000 + (i * 7) % 400_000
        elif i % 14 == 0:
            level, pop = "township", 20_000 + (i * 13) % 60_000
        else:
            level, pop = "village", 800 + (i * 31) % 3_000
        lines.append(f"{110000000000 + i},{level},{pop},{pop // 12}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def cli_records(runner, path, config):
    res = runner.invoke(cli, ["--config", str(config), "staffing", str(path), "-j", "530323", "--format", "json"])
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def test_concurrent_uploads(runner, tmp_path, capsys):
    import httpx

    large = tmp_path / "large.csv"
    large.write_bytes(large_units_csv(LARGE_UNITS))
    config = tmp_path / "profiles.toml"
    expected = {"sample": cli_records(runner, UNITS, config), "large": cli_records(runner, large, config)}
    bodies = {"sample": UNITS.read_bytes(), "large": large.read_bytes()}
    jobs = ["large"] * LARGE_UPLOADS + ["sample"] * SAMPLE_UPLOADS
    with running_server(config) as (base, proc):
        start = time.monotonic()

        def upload(kind):
            with httpx.Client(timeout=DEADLINE_S) as http:
                res = http.post(f"{base}/api/staffing?jurisdiction=530323",
                                files={"file": (f"{kind}.csv", bodies[kind])})
            return kind, res.status_code, res.json()["records"] if res.status_code == 200 else res.text

        with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
            answers = list(pool.map(upload, jobs, timeout=DEADLINE_S))
        elapsed = time.monotonic() - start
        peak = peak_rss_mb(proc.pid)
    for kind, status, records in answers:
        assert status == 200, records
        assert records == expected[kind]
    with capsys.disabled():
        print(f"\nload: {SAMPLE_UPLOADS} sample + {LARGE_UPLOADS} × {LARGE_UNITS:,}-unit uploads at once: all "
              f"equal to the CLI, {elapsed:.1f} s, server peak RSS {peak:.0f} MiB")
