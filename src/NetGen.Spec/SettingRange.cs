namespace NetGen.Spec;

/// <summary>An interval a finite setting must lie in, with the text a message shows for it ("a finite value in [0, 1)").</summary>
internal readonly struct SettingRange
{
    private readonly float _low, _high;
    private readonly bool _lowInclusive, _highInclusive;

    private SettingRange(float low, bool lowInclusive, float high, bool highInclusive) =>
        (_low, _lowInclusive, _high, _highInclusive) = (low, lowInclusive, high, highInclusive);

    /// <summary>[low, high].</summary>
    public static SettingRange Closed(float low, float high) => new(low, true, high, true);

    /// <summary>[low, high).</summary>
    public static SettingRange HalfOpen(float low, float high) => new(low, true, high, false);

    /// <summary>(0, high].</summary>
    public static SettingRange Positive(float high) => new(0f, false, high, true);

    public bool Contains(float value) =>
        SpecText.IsFinite(value)
        && (_lowInclusive ? value >= _low : value > _low)
        && (_highInclusive ? value <= _high : value < _high);

    public override string ToString() => _high == float.MaxValue
        ? $"a finite value {(_lowInclusive ? "≥" : ">")} {SpecText.Format(_low)}"
        : $"a finite value in {(_lowInclusive ? "[" : "(")}{SpecText.Format(_low)}, {SpecText.Format(_high)}{(_highInclusive ? "]" : ")")}";
}
