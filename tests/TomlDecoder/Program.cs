// toml-test's decoder interface (https://github.com/toml-lang/toml-test): a TOML document on
// stdin, its tagged-JSON form on stdout and exit code 0; on an invalid document the error on
// stderr and exit code 1. The suite's runner and Edge's own suite test both drive this program.
using Edge.Config.Toml;
using TomlDecoder;

using var input = Console.OpenStandardInput();
using var buffer = new MemoryStream();
input.CopyTo(buffer);

TomlTable document;
try
{
    // Bytes, not text: the parser itself must see (and reject) invalid UTF-8 and stray BOMs.
    document = TomlParser.Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), "stdin");
}
catch (TomlException e)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}

using var output = Console.OpenStandardOutput();
TaggedJson.Write(document, output);
return 0;
