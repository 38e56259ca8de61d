using System.Security;

namespace NetGen.Package.Tests;

/// <summary>The files of the consumer projects, as a user would write them.</summary>
internal static class Consumers
{
    public const int Steps = 30;

    /// <summary>
    /// Only the package reference. Warnings are errors, so an analyzer that fails to load (CS8032) or any other warning
    /// the package causes fails the test too.
    /// </summary>
    public static string Project(string version) => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <OutputType>Exe</OutputType>
            <TargetFramework>net10.0</TargetFramework>
            <Nullable>enable</Nullable>
            <ImplicitUsings>enable</ImplicitUsings>
            <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="NetGen" Version="{version}" />
          </ItemGroup>
        </Project>
        """;

    /// <summary>
    /// The folder feed added to the sources the machine already has (no &lt;clear/&gt;), so the SDK resolves whatever
    /// else it needs as usual.
    /// </summary>
    public static string NuGetConfig(string feed) => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <packageSources>
            <add key="netgen-package-test" value="{SecurityElement.Escape(feed)}" />
          </packageSources>
        </configuration>
        """;

    /// <summary>A small MLP on a synthetic two-class problem (the sign of x·y), trained full-batch with Adam.</summary>
    public static readonly string TrainingProgram = $$"""
        using System.Globalization;
        using NetGen;

        const int samples = QuadrantMlp.BatchSize;
        var inputs = new float[samples * QuadrantMlp.InputSize];
        var labels = new int[samples];
        var random = new Random(1);
        for (int i = 0; i < samples; i++)
        {
            float x = random.NextSingle() * 2 - 1, y = random.NextSingle() * 2 - 1;
            inputs[2 * i] = x;
            inputs[2 * i + 1] = y;
            labels[i] = x * y > 0 ? 1 : 0;
        }

        var network = new QuadrantMlp(seed: 0);
        INetwork contract = network;
        Console.WriteLine($"{contract.ParameterCount} parameters, {contract.Layers.Count} layers");
        for (int step = 0; step < {{Steps}}; step++)
        {
            float loss = network.TrainStep(inputs, labels);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"step {step} loss {loss:R}"));
        }

        var probabilities = new float[samples * QuadrantMlp.OutputSize];
        network.Predict(inputs, probabilities);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"predicted {probabilities[0]:F3} {probabilities[1]:F3}"));

        // The ONNX exporter travels in the package too (NetGen.Onnx.dll, with Google.Protobuf as the dependency).
        string onnx = Path.Combine(Path.GetTempPath(), $"netgen-package-{Environment.ProcessId}.onnx");
        network.ExportOnnx(onnx);
        Console.WriteLine($"exported onnx {new FileInfo(onnx).Length} bytes");
        File.Delete(onnx);

        [Network(BatchSize = 64)]
        [Input(2)]
        [SoftmaxCrossEntropy]
        [Adam(0.01f)]
        public partial class QuadrantMlp
        {
            [Dense(16), ReLU]
            public partial Layer Hidden { get; }

            [Dense(2)]
            public partial Layer Output { get; }
        }
        """;

    /// <summary>A second network whose only layer has no units: NG0007 on its Dense attribute.</summary>
    public const string BadSpec = """
        using NetGen;

        [Network(BatchSize = 8)]
        [Input(4)]
        [MeanSquaredError]
        [Sgd(0.1f)]
        public partial class BadNet
        {
            [Dense(0)]
            public partial Layer Output { get; }
        }
        """;
}
