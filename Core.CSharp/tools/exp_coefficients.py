"""Coefficients of ClampedExp's polynomials: Chebyshev fits (near-minimax) of e^r on |r| <= ln2/2 (slightly widened),
computed at 40 digits with mpmath 1.2.1, then rounded to the element type. Prints each set lowest degree first and its
worst relative error after rounding, sampled across the interval.

    /usr/bin/python3 Core.CSharp/tools/exp_coefficients.py
"""
import mpmath as mp
import numpy as np

mp.mp.dps = 40


def fit(degree, widen, to):
    a = mp.log(2) / 2 * mp.mpf(widen)
    poly, _ = mp.chebyfit(mp.exp, [-a, a], degree + 1, error=True)
    coeffs = [to(float(c)) for c in poly]  # highest degree first
    worst = 0
    for x in np.linspace(-float(a), float(a), 2001):
        xm = mp.mpf(float(x))
        p = mp.mpf(0)
        for c in coeffs:
            p = p * xm + mp.mpf(float(c))
        worst = max(worst, abs(p / mp.exp(xm) - 1))
    return [repr(float(c)) for c in coeffs[::-1]], float(worst)


print("double, degree 11:", *fit(11, "1.00001", float))
print("float, degree 6:", *fit(6, "1.001", lambda c: float(np.float32(c))))
