// toml-test's decoder interface (https://github.com/toml-lang/toml-test): a TOML document on
// stdin, its tagged-JSON form on stdout and exit code 0; on an invalid document the error on
// stderr and exit code 1. It reads documents exactly as Edge reads its config (Tomlyn's
// validating parser, then Edge's table assembly), so the suite tests what the daemon sees.
using Edge.Config;
using TomlDecoder;

using var input = Console.OpenStandardInput();
using var buffer = new MemoryStream();
input.CopyTo(buffer);

ConfigTable document;
try
{
    // Bytes, not text: invalid UTF-8 and stray byte-order marks must be seen (and rejected).
    document = ConfigDocument.Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), "stdin");
}
catch (ConfigException e)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}

using var output = Console.OpenStandardOutput();
TaggedJson.Write(document, output);
return 0;
