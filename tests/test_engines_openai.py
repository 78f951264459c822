"""The openai engine against a local fake OpenAI-compatible server (http.server on 127.0.0.1).

The fake server scripts its replies per test: 429 then 200, malformed JSON, slow replies,
and it records every request body and how many requests were in flight at once.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from engine_models import seed_sentences
from zh2en.engines._prompt import clean_output
from zh2en.engines.base import EngineRequest, GlossaryHint
from zh2en.engines.openai_compat import OpenAIEngine, parse_retry_after, redact_url
from zh2en.errors import ConfigError, EngineUnavailableError

# A reply: (status, headers, body bytes, delay seconds)
Reply = tuple[int, dict[str, str], bytes, float]


def ok(content: str, delay: float = 0.0) -> Reply:
    body = {"choices": [{"index": 0, "message": {"role": "assistant", "content": content}}]}
    return 200, {"Content-Type": "application/json"}, json.dumps(body).encode(), delay


@dataclass
class FakeServer:
    """Records requests; ``script(n, body)`` gives the reply to the n-th request."""

    script: Callable[[int, dict[str, Any]], Reply]
    bodies: list[dict[str, Any]] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)
    times: list[float] = field(default_factory=list)
    inflight: int = 0
    max_inflight: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    url: str = ""


@pytest.fixture
def fake() -> Iterator[Callable[[Callable[[int, dict[str, Any]], Reply]], FakeServer]]:
    servers: list[ThreadingHTTPServer] = []

    def start(script: Callable[[int, dict[str, Any]], Reply]) -> FakeServer:
        state = FakeServer(script)

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                with state.lock:
                    n = len(state.bodies)
                    state.bodies.append(body)
                    state.headers.append(dict(self.headers))
                    state.times.append(time.monotonic())
                    state.inflight += 1
                    state.max_inflight = max(state.max_inflight, state.inflight)
                try:
                    status, headers, payload, delay = state.script(n, body)
                    time.sleep(delay)
                    self.send_response(status)
                    for k, v in headers.items():
                        self.send_header(k, v)
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass
                finally:
                    with state.lock:
                        state.inflight -= 1

            def log_message(self, *args: Any) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
        servers.append(server)
        state.url = f"http://127.0.0.1:{server.server_address[1]}/v1"
        return state

    yield start
    for s in servers:
        s.shutdown()
        s.server_close()


def echo(n: int, body: dict[str, Any]) -> Reply:
    """Translate by echoing the text after the prompt's header, tagged with the request number."""
    user = body["messages"][-1]["content"]
    return ok("EN: " + user.rsplit("Translate into English:\n", 1)[1])


def engine(url: str, **kw: Any) -> OpenAIEngine:
    opts: dict[str, Any] = {"base_url": url, "model": "test-model", "backoff": 0.01, "timeout": 5.0}
    return OpenAIEngine(**(opts | kw))


def test_translates_in_order_with_hints_in_the_prompt(fake: Any) -> None:
    server = fake(echo)
    sents = seed_sentences(n=3)
    reqs = [
        EngineRequest(sents[0], hints=[GlossaryHint("托卡耶夫", "Tokayev"), GlossaryHint("普京", "Putin")]),
        EngineRequest(""),
        EngineRequest(sents[1]),
        EngineRequest(sents[2], hints=[GlossaryHint("集体安全条约组织", "CSTO")]),
    ]
    out = engine(server.url, api_key="sk-test").translate_batch(reqs)
    assert out == [f"EN: {sents[0]}", "", f"EN: {sents[1]}", f"EN: {sents[2]}"]
    assert len(server.bodies) == 3  # the blank segment never reaches the server
    by_text = {b["messages"][-1]["content"].rsplit("\n", 1)[1]: b for b in server.bodies}
    first = by_text[sents[0]]
    assert first["model"] == "test-model" and first["temperature"] == 0.0 and first["seed"] == 0
    assert first["messages"][0]["role"] == "system" and "translation only" in first["messages"][0]["content"]
    user = first["messages"][1]["content"]
    assert "- 托卡耶夫 = Tokayev" in user and "- 普京 = Putin" in user
    assert "CSTO" not in user and "Glossary" not in by_text[sents[1]]["messages"][1]["content"]
    assert "- 集体安全条约组织 = CSTO" in by_text[sents[2]]["messages"][1]["content"]
    assert all(h.get("Authorization") == "Bearer sk-test" for h in server.headers)


def test_retries_429_honouring_retry_after(fake: Any) -> None:
    def script(n: int, body: dict[str, Any]) -> Reply:
        if n == 0:
            return 429, {"Retry-After": "1"}, b'{"error": "rate limited"}', 0.0
        return ok("Tokayev said on Monday.")

    server = fake(script)
    eng = engine(server.url, max_retries=2)
    out = eng.translate_batch([EngineRequest("托卡耶夫周一表示。")])
    assert out == ["Tokayev said on Monday."]
    assert len(server.bodies) == 2 and eng.retries == 1
    assert server.times[1] - server.times[0] >= 0.9  # waited as told, not the 0.01 s backoff


def test_retries_5xx_and_malformed_json_then_gives_up_clearly(fake: Any) -> None:
    replies = [
        (503, {}, b"busy", 0.0),
        (200, {"Content-Type": "application/json"}, b'{"choices": [', 0.0),
        ok("Nur-Sultan"),
    ]
    server = fake(lambda n, b: replies[min(n, 2)])
    assert engine(server.url, max_retries=3).translate_batch([EngineRequest("努尔苏丹")]) == ["Nur-Sultan"]
    assert len(server.bodies) == 3

    broken = fake(lambda n, b: (200, {}, b"<html>not json</html>", 0.0))
    with pytest.raises(EngineUnavailableError, match="malformed reply") as info:
        engine(broken.url, max_retries=2).translate_batch([EngineRequest("努尔苏丹")])
    assert len(broken.bodies) == 3 and "failed 3 time(s)" in str(info.value)
    assert info.value.exit_code == 4


def test_client_errors_fail_at_once(fake: Any) -> None:
    server = fake(lambda n, b: (401, {}, b'{"error": "invalid key"}', 0.0))
    with pytest.raises(EngineUnavailableError, match="rejected the API key") as info:
        engine(server.url, api_key="sk-secret", max_retries=3).translate_batch([EngineRequest("你好")])
    assert len(server.bodies) == 1
    assert "sk-secret" not in str(info.value)


def test_slow_server_times_out(fake: Any) -> None:
    server = fake(lambda n, b: ok("late", delay=1.5))
    start = time.monotonic()
    with pytest.raises(EngineUnavailableError, match=r"timed out after 0\.3 s"):
        engine(server.url, timeout=0.3, max_retries=1).translate_batch([EngineRequest("托卡耶夫")])
    assert time.monotonic() - start < 1.4 and len(server.bodies) == 2


def test_concurrency_is_bounded(fake: Any) -> None:
    server = fake(lambda n, b: ok(f"sentence {n}", delay=0.15))
    sents = [f"第{i}句。" for i in range(9)]
    start = time.monotonic()
    out = engine(server.url, max_concurrency=3).translate_batch([EngineRequest(s) for s in sents])
    elapsed = time.monotonic() - start
    assert len(out) == 9 and len(set(out)) == 9
    assert server.max_inflight == 3  # parallel, but never more than asked
    assert elapsed >= 3 * 0.15 * 0.9


def test_unreachable_server_is_engine_unavailable() -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    eng = engine(f"http://127.0.0.1:{port}/v1", max_retries=1)
    with pytest.raises(EngineUnavailableError, match="connection failed") as info:
        eng.translate_batch([EngineRequest("托卡耶夫")])
    assert f"127.0.0.1:{port}" in str(info.value) and "curl" in str(info.value)


def test_configuration_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("ZH2EN_OPENAI_BASE_URL", "OPENAI_BASE_URL", "ZH2EN_OPENAI_MODEL"):
        monkeypatch.delenv(var, raising=False)
    with pytest.raises(ConfigError, match="needs a server URL"):
        OpenAIEngine()
    monkeypatch.setenv("OPENAI_BASE_URL", "http://user:pw@localhost:11434/v1/")
    with pytest.raises(ConfigError, match="ZH2EN_OPENAI_MODEL"):
        OpenAIEngine()
    monkeypatch.setenv("ZH2EN_OPENAI_MODEL", "qwen2.5:7b-instruct")
    eng = OpenAIEngine()
    from zh2en.engines.base import Engine

    assert isinstance(eng, Engine)
    assert eng.url == "http://user:pw@localhost:11434/v1/chat/completions"
    sig = eng.signature()
    assert sig["base_url"] == "http://localhost:11434/v1" and sig["model"] == "qwen2.5:7b-instruct"
    assert "pw" not in json.dumps(sig) and sig["glossary_strategy"] == "prompt"
    with pytest.raises(ConfigError, match="http"):
        OpenAIEngine(base_url="file:///etc/passwd")


def test_retry_after_parsing_and_redaction() -> None:
    assert parse_retry_after("3") == 3.0
    assert parse_retry_after(None) is None and parse_retry_after("soon") is None
    date = parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT")
    assert date == 0.0  # in the past: no wait
    assert redact_url("https://k:s@api.example.com:8443/v1?x=1") == "https://api.example.com:8443/v1"


TOKAYEV = "Tokayev said on Monday."
QUOTE = "“Not the last attempt,” Putin said."


@pytest.mark.parametrize(
    ("reply", "source", "expected"),
    [
        (f"Here is the translation:\n{TOKAYEV}", "托卡耶夫周一表示。", TOKAYEV),
        (f'"{TOKAYEV}"', "托卡耶夫周一表示。", TOKAYEV),
        (QUOTE, "“不是最后一次，”普京说。", QUOTE),
        (
            "<think>names</think>\nTranslation: CSTO troops will leave.",
            "集安组织部队将撤离。",
            "CSTO troops will leave.",
        ),
        ("```\nNur-Sultan\n```", "努尔苏丹", "Nur-Sultan"),
        ("Tokayev said.\n\nNote: 托卡耶夫 is rendered as Tokayev.", "托卡耶夫表示。", "Tokayev said."),
        ("Sure! Here's the English translation:\nAlmaty first", "阿拉木图第一", "Almaty first"),
    ],
)
def test_output_contract_strips_chatter(reply: str, source: str, expected: str) -> None:
    assert clean_output(reply, source) == expected


def test_missing_url_and_model_hints_name_the_cli_options(monkeypatch: pytest.MonkeyPatch) -> None:
    """The hint must be something a CLI user can type: --engine-option base_url=…, --model."""
    for var in ("ZH2EN_OPENAI_BASE_URL", "OPENAI_BASE_URL", "ZH2EN_OPENAI_MODEL"):
        monkeypatch.delenv(var, raising=False)
    with pytest.raises(ConfigError) as info:
        OpenAIEngine()
    assert "--engine-option base_url=" in str(info.value)
    with pytest.raises(ConfigError) as info:
        OpenAIEngine(base_url="http://127.0.0.1:9/v1")
    assert "--model" in str(info.value)
