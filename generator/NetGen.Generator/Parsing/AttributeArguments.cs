using Microsoft.CodeAnalysis;

namespace NetGen.Generator.Parsing;

/// <summary>Reads constant arguments off an <see cref="AttributeData"/> with defaults for anything absent or malformed.</summary>
internal static class AttributeArguments
{
    public static T Positional<T>(this AttributeData attribute, int index, T fallback)
    {
        var arguments = attribute.ConstructorArguments;
        return index < arguments.Length && arguments[index].Kind != TypedConstantKind.Array && arguments[index].Value is T value ? value : fallback;
    }

    public static T Named<T>(this AttributeData attribute, string name, T fallback)
    {
        foreach (var argument in attribute.NamedArguments)
        {
            if (argument.Key == name && argument.Value.Value is T value)
            {
                return value;
            }
        }

        return fallback;
    }

    public static bool HasNamed(this AttributeData attribute, string name)
    {
        foreach (var argument in attribute.NamedArguments)
        {
            if (argument.Key == name)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The int values of a params int[] constructor argument.</summary>
    public static int[] PositionalInts(this AttributeData attribute, int index)
    {
        var arguments = attribute.ConstructorArguments;
        if (index >= arguments.Length)
        {
            return [];
        }

        if (arguments[index].Kind == TypedConstantKind.Array)
        {
            var values = arguments[index].Values;
            var result = new int[values.Length];
            for (int i = 0; i < values.Length; i++)
            {
                result[i] = values[i].Value is int v ? v : 0;
            }

            return result;
        }

        return arguments[index].Value is int single ? [single] : [];
    }
}
