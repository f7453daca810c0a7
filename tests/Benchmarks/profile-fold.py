#!/usr/bin/env python3
"""Folds `perf script` output into one line per stack (root first, `;`-joined, then its sample count), and reports
a folded file: the share of samples by frame (inclusive: the frame is anywhere on the stack; exclusive: it is the
leaf) and by named bucket (a sample counts in a bucket when any frame matches the bucket's pattern).

    perf script | profile-fold.py > x.folded
    profile-fold.py --report x.folded [--top 40] [--bucket name=regex ...]
"""
import collections
import re
import sys

# Buckets a turn's cost splits into; a sample counts once per bucket. Patterns match the cleaned frame names.
BUCKETS = [
    ("title: all of it (the title's own frames)", r"ChatroomGrain\.(TitleAfterAnswer|StoreGeneratedTitle|Retitle)|Titles\.Title(Asker|Text)"),
    ("title: the owner's list update", r"UserGrain\.UpdateChatroomAsync"),
    ("grain state writes (all)", r"WriteStateAsync|MemoryGrainStorage|GrainStateSerializer"),
    ("Gemini client (all calls)", r"GeminiChatClient|OpenTelemetryChatClient|LoggingChatClient"),
    ("HTTP client and its resilience pipeline", r"System\.Net\.Http\.|Polly\."),
    ("Kestrel and ASP.NET Core", r"Microsoft\.AspNetCore\."),
    ("Orleans messaging and serialization", r"Orleans\.(Runtime\.Messaging|Serialization|Networking)"),
    ("JSON", r"System\.Text\.Json"),
    ("logging", r"Microsoft\.Extensions\.Logging"),
    ("GC", r"WKS::|SVR::|gc_heap|GCHeap|libclrgc"),
    ("JIT", r"libclrjit"),
    ("kernel", r"\[kernel|^\[unknown\]$|entry_SYSCALL|do_syscall"),
]


def clean(symbol):
    symbol = re.sub(r"\[(Optimized|OptimizedTier1|Tier0|Tier1|QuickJitted|PreJIT|Instrumented)[^\]]*\]", "", symbol)
    symbol = re.sub(r"^(instance |static )?(class |valuetype )?\S+ \[[^\]]+\] ", "", symbol)  # return type, assembly
    symbol = re.sub(r"\(.*\)$", "", symbol).replace("::", ".")
    return symbol.strip() or "?"


def fold(lines):
    stacks = collections.Counter()
    frames = []
    for line in lines:
        line = line.rstrip("\n")
        if not line.strip():
            if frames:
                stacks[";".join(reversed(frames))] += 1
            frames = []
            continue
        if line.startswith((" ", "\t")):
            parts = line.strip().split(" ", 1)
            symbol = parts[1] if len(parts) > 1 else "?"
            dso = ""
            m = re.search(r" \(([^)]*)\)$", symbol)
            if m:
                dso, symbol = m.group(1), symbol[: m.start()]
            symbol = re.sub(r"\+0x[0-9a-f]+$", "", symbol)
            if symbol == "[unknown]" and dso:
                symbol = f"[{dso.rsplit('/', 1)[-1]}]"
            elif "libclrjit" in dso or "libcoreclr" in dso and symbol.startswith(("WKS::", "SVR::")):
                symbol = f"{symbol} {dso.rsplit('/', 1)[-1]}"
            frames.append(clean(symbol))
    if frames:
        stacks[";".join(reversed(frames))] += 1
    for stack, count in stacks.items():
        print(f"{stack} {count}")


def report(path, top, buckets):
    stacks = []
    for line in open(path):
        stack, count = line.rstrip("\n").rsplit(" ", 1)
        stacks.append((stack.split(";"), int(count)))
    total = sum(c for _, c in stacks) or 1
    inclusive, exclusive = collections.Counter(), collections.Counter()
    for frames, count in stacks:
        for frame in set(frames):
            inclusive[frame] += count
        exclusive[frames[-1]] += count
    print(f"{total} samples")
    print("\nby bucket (a sample counts once per bucket; buckets overlap)")
    for name, pattern in buckets:
        rx = re.compile(pattern)
        n = sum(c for frames, c in stacks if any(rx.search(f) for f in frames))
        print(f"{100 * n / total:6.2f}%  {name}")
    print(f"\ntop {top} frames by inclusive samples")
    for frame, n in inclusive.most_common(top):
        print(f"{100 * n / total:6.2f}%  {frame[:160]}")
    print(f"\ntop {top} frames by exclusive samples")
    for frame, n in exclusive.most_common(top):
        print(f"{100 * n / total:6.2f}%  {frame[:160]}")


if __name__ == "__main__":
    args = sys.argv[1:]
    if args[:1] == ["--report"]:
        top, buckets = 40, list(BUCKETS)
        rest = args[2:]
        while rest:
            if rest[0] == "--top":
                top, rest = int(rest[1]), rest[2:]
            elif rest[0] == "--bucket":
                name, pattern = rest[1].split("=", 1)
                buckets.append((name, pattern))
                rest = rest[2:]
            else:
                sys.exit(f"unknown argument {rest[0]}")
        report(args[1], top, buckets)
    else:
        fold(sys.stdin)
