using System.Reflection;

namespace NetGen.Training; // folder Parallel; not a namespace NetGen.Parallel, which would hide System.Threading.Tasks.Parallel from all code in namespace NetGen.*

/// <summary>
/// The worker networks of a <see cref="DataParallel"/>: made by the caller's factory, or by the primary's type's public
/// parameterless constructor (a generated network's <c>N(int seed = 0)</c> is taken with seed 0), and checked to have the
/// primary's layout, so a parameter copy and a gradient sum line up. Their initial parameters do not matter: every step
/// copies the primary's in.
/// </summary>
internal static class Replicas
{
    public static INetwork[] Create(INetwork primary, int count, Func<INetwork>? factory, string factoryName)
    {
        Func<INetwork> create = factory ?? DefaultFactory(primary, factoryName);
        var replicas = new INetwork[count];
        for (int i = 0; i < count; i++)
        {
            INetwork replica = create() ?? throw new ArgumentException("the worker factory returned null.", factoryName);
            if (ReferenceEquals(replica, primary) || Array.IndexOf(replicas, replica, 0, i) >= 0)
            {
                throw new ArgumentException("the worker factory must return a new network on every call: each worker trains its own instance (its own buffers), not the primary or another worker's.", factoryName);
            }

            CheckLayout(primary, replica, factoryName);
            replicas[i] = replica;
        }

        return replicas;
    }

    private static Func<INetwork> DefaultFactory(INetwork primary, string factoryName)
    {
        Type type = primary.GetType();
        ConstructorInfo? empty = type.GetConstructor(Type.EmptyTypes);
        if (empty is not null)
        {
            return () => (INetwork)empty.Invoke(null);
        }

        ConstructorInfo? seeded = type.GetConstructor([typeof(int)]);
        if (seeded is not null)
        {
            return () => (INetwork)seeded.Invoke([0]);
        }

        throw new ArgumentException($"{type.Name} has no public parameterless constructor (nor a generated network's N(int seed)) to make the workers' networks with: give a worker factory that returns a new network of the same layout on every call (e.g. () => GraphNetwork.Create(description)).", factoryName);
    }

    private static void CheckLayout(INetwork primary, INetwork replica, string factoryName)
    {
        bool same = replica.GetType() == primary.GetType()
            && replica.ParameterCount == primary.ParameterCount
            && replica.InputSize == primary.InputSize
            && replica.OutputSize == primary.OutputSize
            && replica.BatchSize == primary.BatchSize
            && replica.Layers.Count == primary.Layers.Count
            && replica.Architecture.Fingerprint == primary.Architecture.Fingerprint;
        for (int i = 0; same && i < primary.Layers.Count; i++)
        {
            Layer a = primary.Layers[i], b = replica.Layers[i];
            same = a.ParameterCount == b.ParameterCount && a.RunningMean.Length == b.RunningMean.Length && a.HasDropout == b.HasDropout;
        }

        if (!same)
        {
            throw new ArgumentException($"the worker factory returned a {replica.GetType().Name} ({replica.ParameterCount} parameters, batch {replica.BatchSize}, architecture {replica.Architecture.Fingerprint}) but the network trained is a {primary.GetType().Name} ({primary.ParameterCount} parameters, batch {primary.BatchSize}, architecture {primary.Architecture.Fingerprint}): every worker needs the same network.", factoryName);
        }
    }
}
