namespace NetGen;

/// <summary>Saves, loads and checks network checkpoints (safetensors); see docs/checkpoints.md.</summary>
public static class Checkpoint
{
}
