"""The installable package: build the wheel, install it into a fresh virtual environment, answer there.

The fresh environment has no pip and no site packages of its own besides the wheel; the wheel's
dependencies come from the test environment's site-packages through a ``.pth`` path line (appended
after the new environment's own site-packages, so the wheel's ``assistant`` is the one imported, and
the editable install's finder there is not activated: path lines do not process that directory's
``.pth`` files). That keeps the test offline and fast while checking what the wheel itself carries.
"""

from __future__ import annotations

import json
import os
import shutil
import site
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
SOURCES = ("pyproject.toml", "README.md", "app.py", "assistant", "ingest", "eval", "prompts")


def _run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"{cmd}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bin directory of a fresh virtual environment with the freshly built wheel installed."""
    root = tmp_path_factory.mktemp("wheel")
    src = root / "src"
    src.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "out", "*.egg-info")
    for name in SOURCES:
        path = REPO / name
        if path.is_dir():
            shutil.copytree(path, src / name, ignore=ignore)
        else:
            shutil.copy2(path, src / name)
    _run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(root / "dist"), str(src)], root)
    wheels = list((root / "dist").glob("djqa-*.whl"))
    assert len(wheels) == 1, wheels

    venv = root / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], root)
    py = venv / "bin" / "python"
    _run([sys.executable, "-m", "pip", "--python", str(py), "install", "-q", "--no-deps", "--no-index", str(wheels[0])], root)
    purelib = Path(_run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], root).stdout.strip())
    deps = [p for p in site.getsitepackages() + [sysconfig.get_paths()["platlib"]] if Path(p).is_dir()]
    (purelib / "zz_test_deps.pth").write_text("\n".join(dict.fromkeys(deps)) + "\n", encoding="utf-8")
    return venv / "bin"


def _env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJQA_") and k != "PYTHONPATH"}
    env["DJQA_DATA_DIR"] = str(tmp / "data")
    return env


def test_wheel_carries_its_prompts_and_data(installed: Path, tmp_path: Path) -> None:
    code = (
        "import json, assistant\n"
        "from importlib import resources\n"
        "from assistant.answer.prompts import load_prompt, prompt_files\n"
        "print(json.dumps({'assistant': assistant.__file__, 'prompts': str(prompt_files()),\n"
        "  'system': load_prompt('answer_system'),\n"
        "  'terms': resources.files('assistant.data').joinpath('party_terms.txt').read_text(encoding='utf-8')}))\n"
    )
    out = json.loads(_run([str(installed / "python"), "-c", code], tmp_path, _env(tmp_path)).stdout)
    venv = str(installed.parent)
    assert out["assistant"].startswith(venv) and out["prompts"].startswith(venv), out
    assert "{refusal}" in out["system"]
    assert "三会一课" in out["terms"]


def test_installed_djqa_answers_from_a_sample_knowledge_base(installed: Path, tmp_path: Path) -> None:
    env = _env(tmp_path)
    djqa = str(installed / "djqa")
    samples = tmp_path / "samples"
    shutil.copytree(REPO / "samples", samples)
    _run([djqa, "ingest", str(samples)], tmp_path, env)
    listed = _run([djqa, "ingest", "list"], tmp_path, env).stdout
    assert "主题党日活动组织指南" in listed

    found = json.loads(_run([djqa, "search", "主题党日活动怎样确定主题？", "--json"], tmp_path, env).stdout)
    assert found["hits"][0]["title"].startswith("主题党日活动组织指南")

    answer = json.loads(_run([djqa, "ask", "如何开展主题党日活动？", "--json"], tmp_path, env).stdout)
    assert not answer["refused"]
    assert answer["citations"] and all(c["title"].startswith("主题党日活动组织指南") for c in answer["citations"])
    assert "方案写明活动时间" in answer["answer"]

    unknown = subprocess.run([djqa, "frobnicate"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert unknown.returncode == 2 and "未知命令" in unknown.stderr
    plan = json.loads(_run([djqa, "prepare", "theme-day", "主题党日活动", "--json"], tmp_path, env).stdout)
    assert plan["kind"] == "theme-day" and plan["references"]
    cited = [p for s in plan["sections"] for p in s["points"] if p["source"] == "kb"]
    assert cited and all(p["citations"] for p in cited)
