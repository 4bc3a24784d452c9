"""`facealbum eval`: grouping quality with baselines, on celeb13 (and lfw-dev, marked slow)."""

from __future__ import annotations

import json

import pytest

from facealbum.cli.main import main as cli

from conftest import CELEB13, LFW


def _eval(path, capsys, *extra):
    assert cli(["eval", str(path), "--json", *extra]) == 0
    return json.loads(capsys.readouterr().out)


def test_eval_celeb13(capsys, tmp_path):
    out = _eval(CELEB13, capsys, "--plots", str(tmp_path / "plots"))
    assert out["faces"] == 61 and out["identities"] == 13
    [ours] = out["facealbum"]
    assert ours["bcubed_f"] == 1.0 and ours["clusters"] == 13 and ours["edits"] == 0
    methods = [b["method"] for b in out["baselines"]]
    assert any("greedy" in m for m in methods) and any("DBSCAN" in m for m in methods)
    others = [b for b in out["baselines"] if "greedy" in b["method"] or "DBSCAN" in b["method"]]
    assert all(b["bcubed_f"] < 1.0 for b in others)
    assert any("fixed default" in b["method"] for b in out["baselines"])
    assert out["verification"]["auc"] > 0.99
    assert (tmp_path / "plots" / "roc.png").is_file()
    sweep = _eval(CELEB13, capsys, "--sweep")  # the second run reuses the scan: no model work
    assert len(sweep["facealbum"]) >= 10  # the calibrated row, then the sweep


@pytest.mark.slow
def test_eval_lfw_dev(capsys):
    out = _eval(LFW, capsys)
    [ours] = out["facealbum"]
    print(f"\nlfw-dev BCubed F {ours['bcubed_f']:.4f}; baselines "
          + ", ".join(f"{b['method']}: {b['bcubed_f']:.4f}" for b in out["baselines"]))
    assert ours["bcubed_f"] >= 0.99
    fixed = [b for b in out["baselines"] if "fixed default" in b["method"]]
    others = [b for b in out["baselines"] if b not in fixed]
    assert all(ours["edits"] < b["edits"] / 4 for b in others)
    assert fixed and ours["bcubed_f"] >= fixed[0]["bcubed_f"] - 0.001  # calibration costs LFW nothing
