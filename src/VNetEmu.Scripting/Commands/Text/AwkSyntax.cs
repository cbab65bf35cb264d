namespace VNetEmu.Scripting.Commands.Text;

// The tree AwkParser builds and AwkInterpreter walks. Variables are resolved while parsing: a global is its
// AwkCell, a function's parameter its slot number in the call frame.

/// <summary>A variable's storage: a scalar, or (once used as one) an array.</summary>
internal sealed class AwkCell(string name)
{
    public string Name { get; } = name;
    public AwkValue Value { get; set; }
    public Dictionary<string, AwkValue>? Array { get; set; }

    /// <summary>For an untyped local passed on to a function: the caller's cell, which becomes the same array
    /// if the callee uses it as one.</summary>
    public AwkCell? Parent { get; set; }
}

internal abstract record AwkExpr;

internal sealed record AwkNumber(double Value) : AwkExpr;

internal sealed record AwkString(string Value) : AwkExpr;

/// <summary><c>/RE/</c>: as a value it means <c>$0 ~ /RE/</c>.</summary>
internal sealed record AwkRegex(PosixPattern Pattern, string Source) : AwkExpr;

/// <summary>A global (<see cref="Cell"/>) or a function parameter (<see cref="Local"/> ≥ 0).</summary>
internal sealed record AwkVariable(string Name, AwkCell? Cell, int Local) : AwkExpr;

internal sealed record AwkField(AwkExpr Index) : AwkExpr;

internal sealed record AwkElement(AwkVariable Array, IReadOnlyList<AwkExpr> Subscripts) : AwkExpr;

internal sealed record AwkAssign(AwkExpr Target, string Op, AwkExpr Value) : AwkExpr;

internal sealed record AwkConditional(AwkExpr Condition, AwkExpr Then, AwkExpr Else) : AwkExpr;

/// <summary>Binary operators: arithmetic, comparison, <c>&amp;&amp;</c>, <c>||</c>, concatenation (" ").</summary>
internal sealed record AwkBinary(string Op, AwkExpr Left, AwkExpr Right) : AwkExpr;

internal sealed record AwkMatch(AwkExpr Subject, AwkExpr Pattern, bool Negated) : AwkExpr;

/// <summary>Unary <c>-</c>, <c>+</c>, <c>!</c>.</summary>
internal sealed record AwkUnary(char Op, AwkExpr Operand) : AwkExpr;

internal sealed record AwkIncrement(AwkExpr Target, bool Prefix, int Delta) : AwkExpr;

internal sealed record AwkIn(IReadOnlyList<AwkExpr> Subscripts, AwkVariable Array) : AwkExpr;

internal sealed record AwkBuiltin(string Name, IReadOnlyList<AwkExpr> Args) : AwkExpr;

internal sealed record AwkCall(string Name, IReadOnlyList<AwkExpr> Args, int Line) : AwkExpr;

/// <summary>A parenthesized list <c>(a, b)</c>: only before <c>in</c> or as print's arguments.</summary>
internal sealed record AwkGroup(IReadOnlyList<AwkExpr> Items) : AwkExpr;

internal abstract record AwkStatement;

internal sealed record AwkExpressionStatement(AwkExpr Expr) : AwkStatement;

/// <summary>print/printf with an optional <c>&gt; FILE</c> or <c>&gt;&gt; FILE</c>.</summary>
internal sealed record AwkPrint(bool Formatted, IReadOnlyList<AwkExpr> Args, string? Redirect, AwkExpr? Destination) : AwkStatement;

internal sealed record AwkIf(AwkExpr Condition, AwkStatement Then, AwkStatement? Else) : AwkStatement;

internal sealed record AwkWhile(AwkExpr Condition, AwkStatement Body, bool TestAfter) : AwkStatement;

internal sealed record AwkFor(AwkStatement? Init, AwkExpr? Condition, AwkStatement? Step, AwkStatement Body) : AwkStatement;

internal sealed record AwkForIn(AwkVariable Variable, AwkVariable Array, AwkStatement Body) : AwkStatement;

internal sealed record AwkBlock(IReadOnlyList<AwkStatement> Statements) : AwkStatement;

/// <summary>next, nextfile, break, continue, exit [E], return [E].</summary>
internal sealed record AwkJump(string Kind, AwkExpr? Value) : AwkStatement;

/// <summary><c>delete A[S]</c>, or <c>delete A</c> when Subscripts is null.</summary>
internal sealed record AwkDelete(AwkVariable Array, IReadOnlyList<AwkExpr>? Subscripts) : AwkStatement;

internal enum AwkPatternKind : byte
{
    Always,
    Begin,
    End,
    Expression,
    Range,
}

/// <summary>A pattern-action rule; a null action prints the record.</summary>
internal sealed record AwkRule(AwkPatternKind Kind, AwkExpr? Pattern, AwkExpr? RangeEnd, AwkBlock? Action)
{
    public bool InRange { get; set; }
}

internal sealed record AwkFunction(string Name, IReadOnlyList<string> Parameters, AwkBlock Body);

internal sealed record AwkProgram(IReadOnlyList<AwkRule> Rules, IReadOnlyDictionary<string, AwkFunction> Functions, IReadOnlyDictionary<string, AwkCell> Globals);
