"""The ``openai`` engine: any OpenAI-compatible ``/v1/chat/completions`` server.

Pipeline position: the "translate" stage (see :mod:`zh2en.engines.base`). Works with vLLM
(``vllm serve MODEL``), Ollama (``http://localhost:11434/v1``), llama.cpp's
``llama-server``, or the OpenAI API itself. Standard library only (urllib): no new
dependency.

Configuration (options first, then environment):

- ``base_url``: ``ZH2EN_OPENAI_BASE_URL``, else ``OPENAI_BASE_URL`` — the URL up to and
  including ``/v1`` (requests go to ``<base_url>/chat/completions``);
- ``model``: ``ZH2EN_OPENAI_MODEL``;
- ``api_key``: ``ZH2EN_OPENAI_API_KEY``, else ``OPENAI_API_KEY`` (optional for local
  servers; never written to signatures or error messages).

Robustness: each segment is one request; at most ``max_concurrency`` are in flight (thread
pool). Timeouts, connection errors, malformed replies, 408/409/425/429 and 5xx are retried
with exponential backoff (``backoff * 2**attempt``, capped at ``max_backoff``), honouring a
``Retry-After`` header. Other HTTP errors (400, 401, 403, 404) fail at once. When retries
run out, :class:`~zh2en.errors.EngineUnavailableError` (exit code 4) says what failed and
what to check.

Glossary strategy — ``"prompt"``: the segment's matched terms are listed in the prompt
(see :mod:`zh2en.engines._prompt`); decoding is greedy (temperature 0, fixed seed).
"""

from __future__ import annotations

import email.utils
import http.client
import json
import os
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, ClassVar

from zh2en.engines import _prompt
from zh2en.engines.base import EngineRequest
from zh2en.errors import ConfigError, EngineUnavailableError

RETRY_STATUS = frozenset({408, 409, 425, 429, 500, 502, 503, 504})


class _Retryable(Exception):
    """A failure worth another try; ``retry_after`` is the server's wish, in seconds."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a ``Retry-After`` header (delta-seconds or an HTTP date); None if absent/bad."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def redact_url(url: str) -> str:
    """The URL without user:password (safe for signatures and messages)."""
    parts = urllib.parse.urlsplit(url)
    netloc = parts.hostname or ""
    if parts.port:
        netloc += f":{parts.port}"
    return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, "", ""))


class OpenAIEngine:
    """OpenAI-compatible chat endpoint (vLLM, Ollama, llama.cpp server), glossary in the prompt.

    Options: ``base_url``, ``model``, ``api_key`` (else environment, see the module doc),
    ``timeout`` (seconds per request), ``max_retries``, ``backoff``, ``max_backoff``,
    ``max_concurrency``, ``temperature`` (default 0), ``seed``, ``max_tokens``.
    """

    name: ClassVar[str] = "openai"
    glossary_strategy: ClassVar[str] = "prompt"

    def __init__(
        self,
        model: str | None = None,
        *,
        base_url: str | None = None,
        api_key: str | None = None,
        timeout: float = 60.0,
        max_retries: int = 4,
        backoff: float = 1.0,
        max_backoff: float = 30.0,
        max_concurrency: int = 4,
        temperature: float = 0.0,
        seed: int | None = 0,
        max_tokens: int = 1024,
    ) -> None:
        env = os.environ
        url = base_url or env.get("ZH2EN_OPENAI_BASE_URL") or env.get("OPENAI_BASE_URL")
        if not url:
            raise ConfigError(
                "the openai engine needs a server URL",
                hint="pass --engine-option base_url=URL (e.g. http://127.0.0.1:8000/v1 for vLLM, "
                "http://127.0.0.1:11434/v1 for Ollama) or set ZH2EN_OPENAI_BASE_URL / OPENAI_BASE_URL",
            )
        scheme = urllib.parse.urlsplit(url).scheme
        if scheme not in {"http", "https"}:
            raise ConfigError(
                f"base_url must be an http(s) URL, got {redact_url(url)!r}",
                hint="e.g. http://127.0.0.1:8000/v1",
            )
        self.base_url = url.rstrip("/")
        self.model = model or env.get("ZH2EN_OPENAI_MODEL")
        if not self.model:
            raise ConfigError(
                "the openai engine needs a model name",
                hint="pass --model NAME (the name the server serves, e.g. Qwen/Qwen2.5-7B-Instruct or "
                "qwen2.5:7b-instruct) or set ZH2EN_OPENAI_MODEL",
            )
        self._api_key = api_key or env.get("ZH2EN_OPENAI_API_KEY") or env.get("OPENAI_API_KEY")
        for label, value in (("timeout", timeout), ("backoff", backoff), ("max_backoff", max_backoff)):
            if value < 0 or (label == "timeout" and value == 0):
                raise ConfigError(f"{label} must be positive, got {value!r}")
        if max_retries < 0 or max_concurrency < 1 or max_tokens < 1:
            raise ConfigError(
                f"need max_retries ≥ 0, max_concurrency ≥ 1, max_tokens ≥ 1; got {max_retries!r}, "
                f"{max_concurrency!r}, {max_tokens!r}"
            )
        self.timeout = float(timeout)
        self.max_retries = int(max_retries)
        self.backoff = float(backoff)
        self.max_backoff = float(max_backoff)
        self.max_concurrency = int(max_concurrency)
        self.temperature = float(temperature)
        self.seed = seed
        self.max_tokens = int(max_tokens)
        self.url = f"{self.base_url}/chat/completions"
        self._stats_lock = threading.Lock()
        self.retries = 0  # total retries so far (for progress/diagnostics)

    # -- one request ----------------------------------------------------------------------
    def payload(self, request: EngineRequest) -> dict[str, Any]:
        """The JSON body for one segment."""
        body: dict[str, Any] = {
            "model": self.model,
            "messages": _prompt.messages(request),
            "temperature": self.temperature,
            "max_tokens": self.max_tokens,
            "stream": False,
        }
        if self.seed is not None:
            body["seed"] = self.seed
        return body

    def _post(self, body: bytes) -> str:
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if self._api_key:
            headers["Authorization"] = f"Bearer {self._api_key}"
        req = urllib.request.Request(self.url, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                raw = resp.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read(500).decode("utf-8", "replace").strip()
            if exc.code in RETRY_STATUS:
                raise _Retryable(
                    f"HTTP {exc.code}", parse_retry_after(exc.headers.get("Retry-After"))
                ) from exc
            what = {401: "rejected the API key", 403: "refused access", 404: "has no such endpoint or model"}
            raise EngineUnavailableError(
                f"the server at {redact_url(self.url)} {what.get(exc.code, 'refused the request')} "
                f"(HTTP {exc.code}): {detail[:300]}",
                hint="check base_url (up to /v1), the model name the server serves (GET /v1/models) "
                "and OPENAI_API_KEY",
            ) from exc
        except TimeoutError as exc:
            raise _Retryable(f"timed out after {self.timeout:g} s") from exc
        except (urllib.error.URLError, ConnectionError, http.client.HTTPException, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            if isinstance(reason, TimeoutError | socket.timeout):
                raise _Retryable(f"timed out after {self.timeout:g} s") from exc
            raise _Retryable(f"connection failed: {reason}") from exc
        try:
            data = json.loads(raw)
            content = data["choices"][0]["message"]["content"]
            if not isinstance(content, str):
                raise TypeError(f"content is {type(content).__name__}")
        except (ValueError, KeyError, IndexError, TypeError) as exc:
            raise _Retryable(f"malformed reply ({type(exc).__name__}: {str(exc)[:120]})") from exc
        return content

    def complete(self, request: EngineRequest) -> str:
        """The cleaned translation of one request, with retries and backoff."""
        body = json.dumps(self.payload(request), ensure_ascii=False).encode("utf-8")
        last = ""
        for attempt in range(self.max_retries + 1):
            try:
                return _prompt.clean_output(self._post(body), request.text)
            except _Retryable as exc:
                last = str(exc)
                if attempt == self.max_retries:
                    break
                delay = min(self.max_backoff, self.backoff * (2**attempt))
                if exc.retry_after is not None:
                    delay = min(self.max_backoff, max(delay, exc.retry_after))
                with self._stats_lock:
                    self.retries += 1
                time.sleep(delay)
        raise EngineUnavailableError(
            f"the OpenAI-compatible server at {redact_url(self.base_url)} failed "
            f"{self.max_retries + 1} time(s); last error: {last}",
            hint="check that the server runs and serves the model (curl <base_url>/models), "
            "raise timeout or max_retries for a slow server, or lower max_concurrency; engines "
            "that need no server: marian, ctranslate2, dictionary, identity, file",
        )

    # -- Engine protocol ------------------------------------------------------------------
    def translate_batch(self, batch: Sequence[EngineRequest]) -> list[str]:
        """Translate each request (at most ``max_concurrency`` in flight); blanks stay blank."""
        out = ["" for _ in batch]
        todo = [i for i, r in enumerate(batch) if r.text.strip()]
        if not todo:
            return out
        workers = min(self.max_concurrency, len(todo))
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="zh2en-openai") as pool:
            for i, text in zip(todo, pool.map(lambda i: self.complete(batch[i]), todo), strict=True):
                out[i] = text
        return out

    def signature(self) -> dict[str, Any]:
        """Engine, server (without credentials), model, prompt hash and decoding settings."""
        return {
            "engine": self.name,
            "model": self.model,
            "base_url": redact_url(self.base_url),
            "prompt_hash": _prompt.prompt_hash(),
            "decoding": {"temperature": self.temperature, "seed": self.seed, "max_tokens": self.max_tokens},
            "glossary_strategy": self.glossary_strategy,
        }

    @classmethod
    def availability(cls) -> tuple[bool, str]:
        """Configured when a base URL and a model are set in the environment (no network call)."""
        env = os.environ
        url = env.get("ZH2EN_OPENAI_BASE_URL") or env.get("OPENAI_BASE_URL")
        if not url:
            return False, "set ZH2EN_OPENAI_BASE_URL (or pass --engine-option base_url=URL)"
        if not env.get("ZH2EN_OPENAI_MODEL"):
            return False, "set ZH2EN_OPENAI_MODEL (or pass model)"
        return True, f"{redact_url(url)} model {env['ZH2EN_OPENAI_MODEL']}"
