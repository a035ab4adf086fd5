namespace Edge.Status.Http;

/// <summary>Why a request was refused: the status code to answer with and a short reason for the body and the debug log.</summary>
internal readonly record struct HttpRejection(int StatusCode, string Reason);
