using System.Xml;

namespace Edge.Onvif.Soap;

/// <summary>Text made safe to write into XML: a character XML cannot hold (a control byte a client sent, echoed in a fault) becomes U+FFFD.</summary>
internal static class XmlText
{
    public static string Safe(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var firstBad = -1;
        for (var i = 0; i < text.Length; i++)
        {
            if (!IsValidAt(text, i))
            {
                firstBad = i;
                break;
            }
        }
        if (firstBad < 0)
            return text;
        var chars = text.ToCharArray();
        for (var i = firstBad; i < chars.Length; i++)
        {
            if (!IsValidAt(text, i))
                chars[i] = '\uFFFD';
        }
        return new string(chars);
    }

    private static bool IsValidAt(string text, int i)
    {
        var c = text[i];
        if (XmlConvert.IsXmlChar(c))
            return true;
        // A surrogate pair is valid as a pair.
        if (char.IsHighSurrogate(c))
            return i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
        return char.IsLowSurrogate(c) && i > 0 && char.IsHighSurrogate(text[i - 1]);
    }
}
