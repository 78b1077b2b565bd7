using System.Numerics;

using Descent.Core;

namespace Descent.Reference;

/// <summary>
/// torch.optim 1.13's update formulas as plain loops over one element at a time, in the element type, with torch's
/// order of operations (addcmul: s + (c·a)·b; addcdiv: s + (c·a)/b; add with alpha: s + c·a) and its scalars taken in
/// double: the oracle the vectorized rules must equal bit for bit.
/// </summary>
public sealed class ScalarUpdateRules<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    readonly UpdateSettings _s;
    readonly T[] _a, _b, _c;
    double _muProduct = 1;
    int _t;

    public ScalarUpdateRules(UpdateSettings settings, int length)
    {
        _s = settings;
        (_a, _b, _c) = (new T[length], new T[length], new T[length]);
    }

    static T Of(double v) => T.CreateTruncating(v);

    public void Step(T[] w, T[] g, double rate)
    {
        var s = _s;
        int t = ++_t;
        T lr = Of(rate), eps = Of(s.Eps), b1 = Of(s.Beta1), r1 = Of(1 - s.Beta1), b2 = Of(s.Beta2), r2 = Of(1 - s.Beta2);
        T rho = Of(s.Rho), rest = Of(1 - s.Rho), mu = Of(s.Momentum);
        double c1 = 1 - Math.Pow(s.Beta1, t), c2 = 1 - Math.Pow(s.Beta2, t);
        switch (s.Kind)
        {
            case UpdateRuleKind.Plain:
                for (int i = 0; i < w.Length; i++) w[i] = w[i] + -lr * g[i];
                break;
            case UpdateRuleKind.Momentum:
            case UpdateRuleKind.Nesterov:
                for (int i = 0; i < w.Length; i++)
                {
                    _a[i] = _a[i] * mu + g[i];
                    w[i] = w[i] + -lr * (s.Kind == UpdateRuleKind.Momentum ? _a[i] : g[i] + mu * _a[i]);
                }
                break;
            case UpdateRuleKind.Adagrad:
                for (int i = 0; i < w.Length; i++)
                {
                    _a[i] = _a[i] + g[i] * g[i];
                    w[i] = w[i] + (-lr * g[i]) / (T.Sqrt(_a[i]) + eps);
                }
                break;
            case UpdateRuleKind.RmsProp:
                for (int i = 0; i < w.Length; i++)
                {
                    _a[i] = _a[i] * rho + (rest * g[i]) * g[i];
                    T avg;
                    if (s.Centered)
                    {
                        _b[i] = _b[i] * rho + rest * g[i];
                        avg = T.Sqrt(_a[i] + (-_b[i]) * _b[i]) + eps;
                    }
                    else avg = T.Sqrt(_a[i]) + eps;
                    if (s.Momentum > 0)
                    {
                        _c[i] = _c[i] * mu + g[i] / avg;
                        w[i] = w[i] + -lr * _c[i];
                    }
                    else w[i] = w[i] + (-lr * g[i]) / avg;
                }
                break;
            case UpdateRuleKind.Adam:
            case UpdateRuleKind.AdamW:
                if (s.Kind == UpdateRuleKind.AdamW)
                    for (int i = 0; i < w.Length; i++)
                        if (i % s.Features != s.Features - 1) w[i] = w[i] * Of(1 - rate * s.WeightDecay);
                for (int i = 0; i < w.Length; i++)
                {
                    _a[i] = _a[i] * b1 + r1 * g[i];
                    _b[i] = _b[i] * b2 + (r2 * g[i]) * g[i];
                    T second = _b[i];
                    if (s.AmsGrad) second = _c[i] = T.Max(_c[i], _b[i]);
                    T denominator = T.Sqrt(second) / Of(Math.Sqrt(c2)) + eps;
                    w[i] = w[i] + (Of(-(rate / c1)) * _a[i]) / denominator;
                }
                break;
            case UpdateRuleKind.NAdam:
            {
                double m = s.Beta1 * (1 - 0.5 * Math.Pow(0.96, t * s.MomentumDecay));
                double mNext = s.Beta1 * (1 - 0.5 * Math.Pow(0.96, (t + 1) * s.MomentumDecay));
                _muProduct *= m;
                double next = _muProduct * m * mNext;
                T gStep = Of(-rate * (1 - m) / (1 - _muProduct)), mStep = Of(-rate * mNext / (1 - next));
                for (int i = 0; i < w.Length; i++)
                {
                    _a[i] = _a[i] * b1 + r1 * g[i];
                    _b[i] = _b[i] * b2 + (r2 * g[i]) * g[i];
                    T d = T.Sqrt(_b[i] / Of(c2)) + eps;
                    w[i] = w[i] + (gStep * g[i]) / d;
                    w[i] = w[i] + (mStep * _a[i]) / d;
                }
                break;
            }
            case UpdateRuleKind.RAdam:
            {
                double rhoInf = 2 / (1 - s.Beta2) - 1, rhoT = rhoInf - 2 * t * Math.Pow(s.Beta2, t) / c2;
                for (int i = 0; i < w.Length; i++)
                {
                    _a[i] = _a[i] * b1 + r1 * g[i];
                    _b[i] = _b[i] * b2 + (r2 * g[i]) * g[i];
                    T corrected = _a[i] / Of(c1);
                    if (rhoT > 5)
                    {
                        T r = Of(Math.Sqrt((rhoT - 4) * (rhoT - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rhoT)));
                        T adaptive = Of(Math.Sqrt(c2)) / (T.Sqrt(_b[i]) + eps);
                        w[i] = w[i] - corrected * lr * adaptive * r;
                    }
                    else w[i] = w[i] - corrected * lr;
                }
                break;
            }
            case UpdateRuleKind.Adamax:
                for (int i = 0; i < w.Length; i++)
                {
                    _a[i] = _a[i] * b1 + r1 * g[i];
                    _b[i] = T.Max(_b[i] * b2, T.Abs(g[i]) + eps);
                    w[i] = w[i] + (Of(-(rate / c1)) * _a[i]) / _b[i];
                }
                break;
            case UpdateRuleKind.Adadelta:
                for (int i = 0; i < w.Length; i++)
                {
                    _a[i] = _a[i] * rho + (rest * g[i]) * g[i];
                    T delta = T.Sqrt(_b[i] + eps) / T.Sqrt(_a[i] + eps) * g[i];
                    _b[i] = _b[i] * rho + (rest * delta) * delta;
                    w[i] = w[i] + -lr * delta;
                }
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(s.Kind), s.Kind, null);
        }
    }
}
