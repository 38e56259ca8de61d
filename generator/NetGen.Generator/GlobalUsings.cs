// The spec model (op kinds, spec records, rules, validation) is shared source in the NetGen.Spec namespace; every stage reads it.
global using NetGen.Spec;
