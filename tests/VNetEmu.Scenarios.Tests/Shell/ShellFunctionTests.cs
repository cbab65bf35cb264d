namespace VNetEmu.Scenarios.Tests.Shell;

/// <summary>Shell functions, brace groups, positional parameters, xargs and tr through the shell. Every expected
/// output was produced once by bash 5.2 with GNU findutils 4.9 and coreutils 9.1 running the same line.</summary>
public class ShellFunctionTests
{
    [Theory]
    [InlineData("greet() { echo \"hello $1, $# args\"; }; greet world a b", "hello world, 3 args\n")]
    [InlineData("f() { echo \"[$@]\" \"[$*]\"; for a in \"$@\"; do echo \"<$a>\"; done; }; f 'x y' z", "[x y z] [x y z]\n<x y>\n<z>\n")]
    [InlineData("f() { echo \"${1}-${2}-${3}|\"; }; f a b", "a-b-|\n")]
    [InlineData("f() { local v=inner; echo \"$v\"; }; v=outer; f; echo \"$v\"", "inner\nouter\n")]
    [InlineData("f() { local v; v=changed; }; unset v; f; echo \"[$v]\"", "[]\n")]
    [InlineData("f() { g=global; }; f; echo \"$g\"", "global\n")]
    [InlineData("f() { return 4; }; f || echo \"status $?\"", "status 4\n")]
    [InlineData("f() { echo before; return; echo after; }; f", "before\n")]
    [InlineData("f() { shift; echo \"$# $1\"; shift 2; echo \"$# $1\"; }; f a b c d", "3 b\n1 d\n")]
    [InlineData("f() { if [ \"$1\" -gt 1 ]; then echo big; else echo small; fi; }; f 5; f 0", "big\nsmall\n")]
    [InlineData("count() { echo \"$1\" | wc -c; }; count hello", "6\n")]
    [InlineData("f() { echo \"$1\"; }; x=$(f sub); echo \"got $x\"", "got sub\n")]
    [InlineData("f() { echo out; echo err >&2; }; f 2>&1 | sort", "err\nout\n")]
    [InlineData("f() { cat; }; echo piped | f", "piped\n")]
    [InlineData("f() { echo one; echo two; } ; f | tail -1", "two\n")]
    [InlineData("function g { echo \"keyword form $1\"; }; g ok", "keyword form ok\n")]
    [InlineData("h () { echo spaced; }; h", "spaced\n")]
    [InlineData("{ echo a; echo b; } | wc -l", "2\n")]
    [InlineData("{ echo grouped; }", "grouped\n")]
    [InlineData("f() { for i in 1 2 3; do if [ $i = 2 ]; then return $i; fi; echo $i; done; }; f || echo \"rc $?\"", "1\nrc 2\n")]
    [InlineData("echo \"top [$1] [$#]\"", "top [] [0]\n")]
    [InlineData("sh -c 'echo \"$1 and $2 ($#)\"' name first second", "first and second (2)\n")]
    [InlineData("sh -c 'f() { echo \"in sh: $1\"; }; f arg'", "in sh: arg\n")]
    [InlineData("echo 'a b c d e' | xargs -n 2 echo", "a b\nc d\ne\n")]
    [InlineData("printf 'x\\ny\\n' | xargs -I{} echo \"<{}>\"", "<x>\n<y>\n")]
    [InlineData("printf 'x y\\n' | xargs -t echo", "x y\n[stderr]\necho x y\n")]
    [InlineData("printf '' | xargs echo hi", "hi\n")]
    [InlineData("printf '' | xargs -r echo hi", "")]
    [InlineData("echo \"'a b' c\" | xargs -n1 echo", "a b\nc\n")]
    [InlineData("printf 'a b\\nc\\n' | xargs -L 1 echo", "a b\nc\n")]
    [InlineData("printf '  lead\\n' | xargs -I % echo '[%]'", "[lead]\n")]
    [InlineData("printf 'a,b,c' | xargs -d, -n1 echo", "a\nb\nc\n")]
    [InlineData("printf 'one two\\n' | xargs", "one two\n")]
    [InlineData("echo 'a\\b' | xargs echo", "ab\n")]
    [InlineData("echo \"'a b c\" | xargs echo 2>&1 || echo \"rc=$?\"", "xargs: unmatched single quote; by default quotes are special to xargs unless you use the -0 option\nrc=1\n")]
    [InlineData("echo a | xargs nocmd 2>&1 || echo \"rc=$?\"", "xargs: nocmd: No such file or directory\nrc=127\n")]
    [InlineData("echo a | xargs false || echo \"rc=$?\"", "rc=123\n")]
    [InlineData("echo a | xargs sh -c 'exit 255' 2>&1 || echo \"rc=$?\"", "xargs: sh: exited with status 255; aborting\nrc=124\n")]
    [InlineData("echo a | xargs -k 2>&1 || echo \"rc=$?\"", "xargs: invalid option -- 'k'\nTry 'xargs --help' for more information.\nrc=1\n")]
    [InlineData("echo a | xargs -n 0 echo 2>&1 || echo \"rc=$?\"", "xargs: value 0 for -n option should be >= 1\nTry 'xargs --help' for more information.\nrc=1\n")]
    [InlineData("printf 'f1\\nf2\\n' | xargs -I {} sh -c 'echo \"file: $1\"' _ {}", "file: f1\nfile: f2\n")]
    [InlineData("printf '1\\n2\\n3\\n' | xargs -n 1 -I X echo X X", "1 1\n2 2\n3 3\n[stderr]\nxargs: warning: options --max-args and --replace/-I/-i are mutually exclusive, ignoring previous --max-args value\n")]
    [InlineData("echo hello | tr a-y b-z", "ifmmp\n")]
    [InlineData("echo hello | tr -d l", "heo\n")]
    [InlineData("echo 'aabbccdd' | tr -s a-c", "abcdd\n")]
    [InlineData("echo 'hello   world' | tr -s ' '", "hello world\n")]
    [InlineData("echo 'Hello World' | tr '[:upper:]' '[:lower:]'", "hello world\n")]
    [InlineData("echo 'abc123' | tr -d '[:digit:]'", "abc\n")]
    [InlineData("echo 'a:b:c' | tr : '\\n'", "a\nb\nc\n")]
    [InlineData("echo 'abc' | tr abc x", "xxx\n")]
    [InlineData("echo 'aabbcc' | tr -ds a b", "bcc\n")]
    [InlineData("printf '1\\n2\\n' | xargs -I X -n 1 echo X X", "1 1\n2 2\n")]
    [InlineData("printf '1 2\\n3\\n' | xargs -L 1 -n 1 echo", "1\n2\n3\n[stderr]\nxargs: warning: options --max-lines and --max-args/-n are mutually exclusive, ignoring previous --max-lines value\n")]
    [InlineData("printf '1 2\\n3\\n' | xargs -n 1 -L 1 echo", "1 2\n3\n[stderr]\nxargs: warning: options --max-args and -L are mutually exclusive, ignoring previous --max-args value\n")]
    public void Line_PrintsWhatBashPrints(string line, string expected) => Assert.Equal(expected, ShellHarness.Output(line));

    [Fact]
    public void Function_DefinedOnOneLine_IsCalledOnALaterOne()
    {
        var r = ShellHarness.Run("up() { echo \"$1\" | tr a-z A-Z; }\nup later\n");
        Assert.True(r.Success, r.Error);
        Assert.EndsWith("$ up later\nLATER\n", r.Transcript);
    }

    [Fact]
    public void FailingFunction_StopsTheRunAsBashEDoes()
    {
        var r = ShellHarness.Run("f() { false; echo not reached; }\nf\necho never\n");
        Assert.Equal("test.vnet:2: f: exit 1", r.Error);
    }
}
