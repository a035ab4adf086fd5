namespace Edge.Tests.Shared.Peers;

/// <summary>The files of a mosquitto TLS listener: the CA it names, its certificate and its key (PEM).</summary>
public sealed record MosquittoTls(string CaFile, string CertificateFile, string KeyFile);
