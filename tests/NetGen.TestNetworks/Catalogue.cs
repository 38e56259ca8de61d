using NetGen;

namespace Demo;

/// <summary>GELU with dropout, PReLU, Maxout and binary cross-entropy on logits, trained with Adam's defaults.</summary>
[Network(BatchSize = 16)]
[Input(12)]
[BinaryCrossEntropy]
[Adam]
public partial class Catalogue
{
    [Dense(8), GELU, Dropout(0.1f)]
    public partial Layer Smooth { get; }

    [Dense(8), PReLU]
    public partial Layer Learned { get; }

    [Dense(4), Maxout(2)]
    public partial Layer Pieces { get; }

    [Dense(3)]
    public partial Layer Output { get; }
}
