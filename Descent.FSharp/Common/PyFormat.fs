/// Number formatting that matches Python's, so reports read exactly like the lesson's.
module Descent.PyFormat

open System
open System.Globalization

/// Python's f"{v:.{digits}f}": the exact binary value rounded half-to-even (.NET's "F" format rounds ties away
/// from zero, so 0.625 would print 0.63 where Python prints 0.62).
let fixedPoint (digits: int) (v: float) : string =
    if not (Double.IsFinite v) then
        if Double.IsNaN v then "nan" elif v > 0.0 then "inf" else "-inf"
    else
        // .NET prints exact decimal digits; 40 extra digits are enough to tell a true tie from a near one.
        let exact = Math.Abs(v).ToString("F" + string (digits + 40), CultureInfo.InvariantCulture)
        let point = exact.IndexOf '.'
        let keep = exact.Substring(0, point + 1 + digits).Replace(".", "")
        let tail = exact.Substring(point + 1 + digits)
        let roundUp =
            match tail.[0] with
            | c when c > '5' -> true
            | '5' when tail.Substring(1).TrimEnd('0') <> "" -> true
            | '5' -> (int keep.[keep.Length - 1] - int '0') % 2 = 1
            | _ -> false
        let digitsValue = Numerics.BigInteger.Parse(keep, CultureInfo.InvariantCulture) + (if roundUp then Numerics.BigInteger.One else Numerics.BigInteger.Zero)
        let text = digitsValue.ToString(CultureInfo.InvariantCulture).PadLeft(digits + 1, '0')
        let body = if digits = 0 then text else text.Insert(text.Length - digits, ".")
        if v < 0.0 || (v = 0.0 && Double.IsNegative v) then "-" + body else body

/// Shortest text that parses back to the same double ("R"), as Python's repr does.
let roundTrip (v: float) = v.ToString("R", CultureInfo.InvariantCulture)
