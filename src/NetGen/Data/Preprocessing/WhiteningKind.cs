namespace NetGen.Data.Preprocessing;

/// <summary>Which whitening: coordinates in the eigenbasis, or rotated back to the input's axes.</summary>
public enum WhiteningKind
{
    /// <summary>PCA whitening: y = (x − μ)·U·diag(1/√(λ + ε)), k coordinates of unit variance.</summary>
    Pca,

    /// <summary>ZCA whitening: y = (x − μ)·U·diag(1/√(λ + ε))·Uᵀ, the whitened sample closest to x (images stay images).</summary>
    Zca,
}
