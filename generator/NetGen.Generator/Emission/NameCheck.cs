using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Planning;

namespace NetGen.Generator.Emission;

/// <summary>What a collision is reported on: a layer, a member the user declared, or the class.</summary>
internal enum CollisionSubject
{
    Layer,
    Member,
    Class,
}

/// <summary>
/// A name the generated code would declare where the class already has it, as plain values: the rule, the index of its
/// subject in the spec's layers or members (the location is looked up there at output time, so the cached emission
/// holds none), and the message arguments.
/// </summary>
internal sealed record NameCollision(Rule Rule, CollisionSubject Subject, int Index, EquatableArray<string> Arguments);

/// <summary>
/// Compares the members the emitted code declares (<see cref="GeneratedNames"/>) with the network's layer names, with
/// each other and with the members the user declared, before the code is added: a collision becomes a located
/// diagnostic (NG0044–NG0047) instead of CS0102, CS0111 or CS0542 in generated code.
/// </summary>
internal static class NameCheck
{
    public static List<NameCollision> Find(NetworkPlan plan, EquatableArray<DeclaredMember> declared, string source)
    {
        (List<GeneratedMember> generated, List<RepeatedLocal> repeatedLocals) = GeneratedNames.Read(source);
        var collisions = new List<NameCollision>();
        var reportedLayers = new HashSet<int>();

        void OnLayer(int index, string kind, string name)
        {
            if (reportedLayers.Add(index))
            {
                collisions.Add(Collision(Rules.LayerNameTaken, CollisionSubject.Layer, index, plan.Layers[index].Name, kind, name, plan.ClassName));
            }
        }

        foreach (GeneratedMember member in generated.Where(m => m.Name == plan.ClassName && m.Kind != "constructor").Take(1))
        {
            collisions.Add(Collision(Rules.ClassNameTaken, CollisionSubject.Class, 0, plan.ClassName, member.Kind));
        }

        for (int i = 0; i < plan.Layers.Count; i++)
        {
            if (generated.FirstOrDefault(m => m.Name == plan.Layers[i].Name) is { } member)
            {
                OnLayer(i, member.Kind, member.Name);
            }
        }

        // Names derived from two layers (constants, fields, locals) that meet: reported on the layer that most likely made
        // the second one, the longest layer name inside it.
        foreach (IGrouping<string, GeneratedMember> name in generated.GroupBy(m => m.Name).Where(g => Collide(g.ToList())))
        {
            OnLayer(Owner(plan, name.Key), name.First().Kind, name.Key);
        }

        foreach (RepeatedLocal local in repeatedLocals)
        {
            OnLayer(Owner(plan, local.Name), $"local variable of {local.Method}", local.Name);
        }

        for (int j = 0; j < declared.Count; j++)
        {
            DeclaredMember mine = declared[j];
            var types = mine.ParameterTypes.Select(GeneratedNames.Normalize).ToEquatableArray();
            if (mine.Kind == "constructor")
            {
                if (types.Count == 1 && types[0] == "int")
                {
                    collisions.Add(Collision(Rules.ConstructorTaken, CollisionSubject.Member, j, plan.ClassName));
                }

                continue;
            }

            bool isMethod = mine.Kind == "method";
            if (generated.FirstOrDefault(g => g.Name == mine.Name && !(isMethod && g.IsMethod && !g.ParameterTypes.Equals(types))) is { } taken)
            {
                string display = isMethod ? $"{mine.Name}({string.Join(", ", types)})" : mine.Name;
                collisions.Add(Collision(Rules.MemberNameTaken, CollisionSubject.Member, j, display, plan.ClassName, taken.Kind));
            }
        }

        return collisions;
    }

    /// <summary>Members of one name collide unless they are all methods with different parameter types (overloads).</summary>
    private static bool Collide(List<GeneratedMember> sameName) =>
        sameName.Count > 1 && !(sameName.All(m => m.IsMethod) && sameName.Select(m => string.Join(",", m.ParameterTypes)).Distinct().Count() == sameName.Count);

    /// <summary>The layer whose name is the longest one inside <paramref name="generatedName"/> (the last such layer on a tie), else the last layer.</summary>
    private static int Owner(NetworkPlan plan, string generatedName)
    {
        int owner = plan.Layers.Count - 1, length = -1;
        for (int i = 0; i < plan.Layers.Count; i++)
        {
            string name = plan.Layers[i].Name;
            if (name.Length >= length && generatedName.IndexOf(name, System.StringComparison.OrdinalIgnoreCase) >= 0)
            {
                (owner, length) = (i, name.Length);
            }
        }

        return owner;
    }

    private static NameCollision Collision(Rule rule, CollisionSubject subject, int index, params string[] arguments) =>
        new(rule, subject, index, arguments.ToEquatableArray());
}
