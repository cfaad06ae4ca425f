"""Who may use `tutor serve`: the rules in tutor.ui.serve.access and the per-user file names."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tutor.core.paths import user_folder_name, user_progress_path
from tutor.ui.serve.access import (
    Hospital,
    Identity,
    Personal,
    Refusal,
    parse_networks,
    user_id_problem,
)

SAFE = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")


@given(st.text(min_size=1, max_size=300))
def test_every_user_id_gives_one_safe_folder_inside_the_data_dir(user: str) -> None:
    name = user_folder_name(user)
    assert set(name) <= SAFE
    assert name not in {".", ".."} and not name.startswith(".")
    assert 0 < len(name) <= 65
    data = Path("/srv/tutor-data")
    path = user_progress_path(data, user, "course-1")
    assert Path(os.path.normpath(path)).parent.parent == data  # never outside it


def test_ids_that_look_alike_get_different_folders() -> None:
    ids = [
        "alice",
        "Alice",
        "ALICE",
        "alice ",
        " alice",
        "a/lice",
        "a_lice",
        "a\\lice",
        "a.lice",
        "../alice",
        "..",
        ".",
        "",
        "alice@example.org",
        "alice@example_org",
        "DOMAIN\\alice",
        "DOMAIN/alice",
        "ålice",
        "аlice",  # the last with a Cyrillic а
        "x" * 40 + "1",
        "x" * 40 + "2",  # the same readable part (cut at 40)
    ]
    names = [user_folder_name(i) for i in ids]
    assert len(set(names)) == len(ids)
    assert user_folder_name("alice") == user_folder_name("alice")  # stable across runs


def test_traversal_in_a_user_id_stays_in_its_folder() -> None:
    for user in ("../../etc/passwd", "/etc/passwd", "..\\..\\windows", "\x00", "a/../../b"):
        path = user_progress_path("/data", user, "c")
        assert path.parent.parent == Path("/data")
        assert ".." not in path.parts


def test_user_id_rules() -> None:
    assert user_id_problem("alice@example.org") == ""
    assert user_id_problem("Nguyễn Văn A") == ""
    assert user_id_problem("") == "empty"
    assert user_id_problem("   ") == "empty"
    assert user_id_problem("a\nb") == "has control characters"
    assert user_id_problem("a\x1b[2Jb") == "has control characters"
    assert user_id_problem("a\x85b") == "has control characters"
    assert "longer" in user_id_problem("x" * 257)


def test_networks() -> None:
    nets = parse_networks(["10.0.0.5", "192.168.1.0/24,::1"])
    assert [str(n) for n in nets] == ["10.0.0.5/32", "192.168.1.0/24", "::1/128"]
    with pytest.raises(ValueError, match="not an IP address"):
        parse_networks(["proxy.example.org"])
    with pytest.raises(ValueError, match="no address"):
        parse_networks([" , "])


def hospital(tmp_path: Path) -> Hospital:
    return Hospital(parse_networks(["10.0.0.5", "fd00::/64"]), "X-Remote-User", tmp_path, "c")


def test_the_header_counts_only_from_a_trusted_proxy(tmp_path: Path) -> None:
    h = hospital(tmp_path)
    ok = h.check("10.0.0.5", ["alice"])
    assert isinstance(ok, Identity) and ok.user == "alice"
    assert ok.progress == user_progress_path(tmp_path, "alice", "c")
    assert isinstance(h.check("::ffff:10.0.0.5", ["alice"]), Identity)  # IPv4 in IPv6
    assert isinstance(h.check("fd00::7", ["alice"]), Identity)
    for peer in ("10.0.0.6", "127.0.0.1", "fd01::1", "", None, "garbage"):
        refused = h.check(peer, ["alice"])
        assert isinstance(refused, Refusal) and refused.status == 403
        assert "not a trusted proxy" in refused.reason


def test_a_trusted_proxy_must_name_exactly_one_user(tmp_path: Path) -> None:
    h = hospital(tmp_path)
    for values in ([], ["alice", "bob"], [""], ["a\nb"]):
        refused = h.check("10.0.0.5", values)
        assert isinstance(refused, Refusal) and refused.status == 403


def test_personal_needs_the_cookie_and_its_own_host() -> None:
    p = Personal(8123)
    assert p.token != p.secret and len(p.token) >= 40
    assert p.token_ok(p.token)
    assert not p.token_ok(p.token[:-1]) and not p.token_ok("") and not p.token_ok(None)
    cookie = {p.cookie_name: p.secret}
    assert isinstance(p.check("127.0.0.1:8123", cookie), Identity)
    assert isinstance(p.check("localhost:8123", cookie), Identity)
    missing = p.check("127.0.0.1:8123", {})
    assert isinstance(missing, Refusal) and missing.status == 403
    wrong = p.check("127.0.0.1:8123", {p.cookie_name: p.token})  # the token is not the cookie
    assert isinstance(wrong, Refusal) and wrong.status == 403
    rebound = p.check("evil.example:8123", cookie)  # DNS rebinding
    assert isinstance(rebound, Refusal) and rebound.status == 421
    assert isinstance(p.check("127.0.0.1:8124", cookie), Refusal)
    assert Personal(8123).token != p.token  # new secrets every run


def test_the_server_process_never_imports_textual() -> None:
    """Only the app processes draw; the server stays small (see bench/bench_serve.py)."""
    from tests.test_import_hygiene import loaded_after

    loaded = loaded_after("import tutor.cli.serve_cmd, tutor.ui.serve.server")
    assert "aiohttp" in loaded and "textual_serve" in loaded
    assert "textual" not in loaded
