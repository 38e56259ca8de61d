using System.Text.Json;
using System.Text.Json.Serialization;

namespace NetGen;

/// <summary>
/// A <see cref="NetworkArchitecture"/> as JSON, snake_case with every setting written and kinds as their torch.nn
/// names: what a checkpoint's "netgen.architecture" metadata holds, so a tool (tools/netgen_torch.py) can build the
/// equivalent torch.nn model from the file alone.
/// </summary>
public static class ArchitectureJson
{
    private static readonly JsonSerializerOptions s_options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>The architecture as one line of JSON.</summary>
    public static string Write(NetworkArchitecture architecture)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        return JsonSerializer.Serialize(architecture, s_options);
    }
}
