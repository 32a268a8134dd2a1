"""Benchmark: the BG/NBD + Gamma-Gamma fit against lifetimes' on the same customers.

    python benchmarks/bench_clv_fit.py                   # 10,000 and 100,000 customers
    python benchmarks/bench_clv_fit.py --customers 20000 --runs 3

Data: an RFM summary simulated from the models themselves (fixed seed; BG/NBD with
r = 0.24, α = 4.4, a = 0.79, b = 2.4 over 52 weeks, spend Gamma-Gamma with p = 6.25,
q = 3.74, v = 15.44: the CDNOW estimates), so both fitters see the same customers and
the truth is known. Each fitter runs in this process, one after the other, best of
`--runs`. lifetimes is the baseline (`pip install lifetimes`; it is not a dependency of
cxreport): BetaGeoFitter and GammaGammaFitter with no penalty. Printed: each fit's
seconds, the speed-up, and the largest relative difference between the two sets of
estimates (the goal is 1e-4 or less, and at least 10x faster), and the 1-minute load
average after each pair (the machine may be shared: the ratio is what to compare).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np
import polars as pl

# This checkout first: run as a script, `import cxreport` would otherwise find the editable
# install, which may point at another checkout (and time its code, not this one's).
sys.path.insert(0, str(Path(__file__).parent.parent))
from cxreport.metrics.bgnbd import fit_bgnbd  # noqa: E402
from cxreport.metrics.gamma_gamma import fit_gamma_gamma  # noqa: E402


def simulate(customers: int, seed: int = 42) -> pl.DataFrame:
    """frequency, recency, T (weeks, whole) and monetary_value of `customers` simulated customers."""
    rng = np.random.default_rng(seed)
    r, alpha, a, b = 0.24, 4.4, 0.79, 2.4
    T = rng.integers(1, 53, customers).astype(float)
    lam = rng.gamma(r, 1 / alpha, customers)
    p = rng.beta(a, b, customers)
    x = np.zeros(customers)
    t_x = np.zeros(customers)
    for i in range(customers):  # purchases until dropout (after each purchase, with probability p)
        t = 0.0
        while True:
            t += rng.exponential(1 / lam[i])
            if t > T[i]:
                break
            x[i] += 1
            t_x[i] = t
            if rng.random() < p[i]:
                break
    t_x = np.floor(t_x)
    nu = rng.gamma(3.74, 1 / 15.44, customers)
    spend = np.where(x > 0, rng.gamma(6.25 * np.maximum(x, 1), 1 / nu) / np.maximum(x, 1), 0.0)
    return pl.DataFrame({"frequency": x, "recency": t_x, "T": T, "monetary_value": spend})


def best_of(runs: int, fit) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fit()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--customers", default="10000,100000")
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    try:
        from lifetimes import BetaGeoFitter, GammaGammaFitter
    except ImportError:
        raise SystemExit("lifetimes is the baseline: pip install lifetimes") from None

    print(f"{'customers':>10} {'model':8} {'cxreport s':>10} {'lifetimes s':>11} {'speed-up':>8} {'max rel diff':>12}"
          f" {'load':>5}")
    for n in (int(float(v)) for v in args.customers.split(",")):
        rfm = simulate(n)
        pdf = rfm.to_pandas()
        repeat = rfm.filter((pl.col("frequency") > 0) & (pl.col("monetary_value") > 0))
        ours_s, ours = best_of(args.runs, lambda rfm=rfm: fit_bgnbd(rfm))
        theirs_s, theirs = best_of(args.runs, lambda: BetaGeoFitter(penalizer_coef=0.0).fit(
            pdf["frequency"], pdf["recency"], pdf["T"]))
        diff = max(abs(ours.params[k] / theirs.params_[k] - 1) for k in ("r", "alpha", "a", "b"))
        print(f"{n:>10,} {'BG/NBD':8} {ours_s:>10.3f} {theirs_s:>11.3f} {theirs_s / ours_s:>7.1f}x {diff:>12.1e}"
              f" {os.getloadavg()[0]:>5.1f}")
        rp = repeat.to_pandas()
        ours_s, ours = best_of(args.runs, lambda repeat=repeat: fit_gamma_gamma(repeat))
        theirs_s, theirs = best_of(args.runs, lambda: GammaGammaFitter(penalizer_coef=0.0).fit(
            rp["frequency"], rp["monetary_value"]))
        diff = max(abs(ours.params[k] / theirs.params_[k] - 1) for k in ("p", "q", "v"))
        print(f"{n:>10,} {'GG':8} {ours_s:>10.3f} {theirs_s:>11.3f} {theirs_s / ours_s:>7.1f}x {diff:>12.1e}"
              f" {os.getloadavg()[0]:>5.1f}")


if __name__ == "__main__":
    main()
