"""Engine speed: transformers fp32 vs CTranslate2 int8 on the opus-mt-zh-en-shaped model.

The model has the true opus-mt-zh-en shape (6+6 layers, d_model 512, vocabulary 65,001,
77M parameters) with random weights, and the real tokenizer from
``../shared/models/opus-mt-zh-en-tokenizer``: translations are meaningless, the cost is real.
Both engines get the same inputs (sentences from the seeds), decode exactly the same number
of steps (min = max output length, repetition guard off on both sides), greedy and beam 4,
with 1 and 2 threads; sentences/s and the ratio are measured side by side in one run.

    python benchmarks/bench_engines.py                    # CPU: fp32 vs int8
    python benchmarks/bench_engines.py --device cuda      # GPU: fp16 vs float16

Writes ``benchmarks/results/engines.json`` (``--out``). Goal: CTranslate2 ≥ 4× faster.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import platform
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO / "src"))

from zh2en.engines import tiny  # noqa: E402
from zh2en.util import atomic_write_text  # noqa: E402

TOKENIZER_DIR = REPO.parent / "shared" / "models" / "opus-mt-zh-en-tokenizer"


def seed_sentences(n: int) -> list[str]:
    """The first ``n`` Chinese sentences of the seeds (body lines split at 。)."""
    out: list[str] = []
    for line in tiny.seed_texts(REPO / "seeds"):
        out += [s.strip() + "。" for s in line.split("。") if len(s.strip()) >= 8]
    return out[:n]


def side_by_side(repeats: int, fn_a: Any, fn_b: Any) -> tuple[float, float]:
    """Best time of each of two functions, run alternately so both see the same machine load."""
    best_a = best_b = float("inf")
    for _ in range(repeats):
        t = time.perf_counter()
        fn_a()
        best_a = min(best_a, time.perf_counter() - t)
        t = time.perf_counter()
        fn_b()
        best_b = min(best_b, time.perf_counter() - t)
    return best_a, best_b


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--device", default="cpu", choices=["cpu", "cuda"])
    ap.add_argument("--sentences", type=int, default=32)
    ap.add_argument("--length", type=int, default=32, help="output tokens per sentence (fixed)")
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--threads", default="1,2", help="CPU thread counts to try")
    ap.add_argument("--beams", default="1,4")
    ap.add_argument("--repeats", type=int, default=3, help="best of N alternating timed runs")
    ap.add_argument("--work", default=os.environ.get("ZH2EN_BENCH_DIR", "/tmp/zh2en-bench"))
    ap.add_argument("--out", default=str(HERE / "results" / "engines.json"))
    args = ap.parse_args(argv)

    import ctranslate2
    import torch
    import transformers

    from zh2en.engines.ct2 import CTranslate2Engine
    from zh2en.engines.marian import MarianEngine

    work = Path(args.work)
    model_dir = work / "opus-mt-zh-en-shaped"
    if not (model_dir / "model.safetensors").is_file():
        print(f"building the opus-mt-zh-en-shaped random model in {model_dir} …", file=sys.stderr)
        tiny.build_opus_shaped_marian(TOKENIZER_DIR, model_dir)
    texts = seed_sentences(args.sentences)
    gpu = args.device == "cuda"
    hf_dtype, ct2_type = ("float16", "float16") if gpu else ("float32", "int8")
    threads = [1] if gpu else [int(t) for t in args.threads.split(",")]
    beams = [int(b) for b in args.beams.split(",")]
    length = args.length
    load_before = os.getloadavg()

    hf = MarianEngine(
        str(model_dir), device=args.device, dtype=hf_dtype, batch_size=args.batch_size, no_repeat_ngram_size=0
    )
    rows: list[dict[str, Any]] = []
    for n_threads in threads:
        if not gpu:
            torch.set_num_threads(n_threads)
        ct = CTranslate2Engine(
            str(model_dir),
            device=args.device,
            compute_type=ct2_type,
            batch_size=args.batch_size,
            no_repeat_ngram_size=0,
            intra_threads=n_threads,
            cache_dir=str(work / "ct2-cache"),
        )
        for beam in beams:
            hf_kw = {"num_beams": beam, "min_new_tokens": length, "max_new_tokens": length}
            hf_kw["early_stopping"] = False
            ct_kw = {"beam_size": beam, "min_decoding_length": length, "max_decoding_length": length}
            hf_lens = [len(ids) - 1 for ids in hf.translate_ids(texts[:4], **hf_kw)]  # warm-up; minus start
            ct_lens = [len(toks) for toks in ct.translate_tokens(texts[:4], **ct_kw)]
            t_hf, t_ct = side_by_side(
                args.repeats,
                functools.partial(hf.translate_ids, texts, **hf_kw),
                functools.partial(ct.translate_tokens, texts, **ct_kw),
            )
            row = {
                "decoding": "greedy" if beam == 1 else f"beam {beam}",
                "threads": n_threads,
                "transformers_sent_per_s": round(len(texts) / t_hf, 2),
                "ctranslate2_sent_per_s": round(len(texts) / t_ct, 2),
                "speedup": round(t_hf / t_ct, 2),
                "output_tokens": {"transformers": hf_lens, "ctranslate2": ct_lens},
            }
            rows.append(row)
            hf_sps, ct_sps = row["transformers_sent_per_s"], row["ctranslate2_sent_per_s"]
            print(
                f"{row['decoding']:<7} threads={n_threads}  transformers {hf_sps:>7} sent/s"
                f"  ctranslate2 {ct_sps:>7} sent/s  ×{row['speedup']}",
                file=sys.stderr,
            )
    result = {
        "benchmark": "transformers vs CTranslate2, opus-mt-zh-en shape, random weights, real tokenizer",
        "command": " ".join(["python benchmarks/bench_engines.py", *(argv or sys.argv[1:])]),
        "device": args.device,
        "transformers_dtype": hf_dtype,
        "ctranslate2_compute_type": ct2_type,
        "sentences": len(texts),
        "output_tokens_per_sentence": length,
        "batch_size": args.batch_size,
        "machine": {
            "platform": platform.platform(),
            "cpu_count": os.cpu_count(),
            "load_avg_before": [round(x, 2) for x in load_before],
            "load_avg_after": [round(x, 2) for x in os.getloadavg()],
            "gpu": torch.cuda.get_device_name(0) if gpu else None,
        },
        "versions": {
            "torch": torch.__version__,
            "transformers": transformers.__version__,
            "ctranslate2": ctranslate2.__version__,
        },
        "results": rows,
        "goal_speedup": 4.0,
        "goal_met": all(r["speedup"] >= 4.0 for r in rows),
        "min_speedup": min(r["speedup"] for r in rows),
    }
    atomic_write_text(args.out, json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
