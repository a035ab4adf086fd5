using System.Net;
using System.Text;
using System.Threading.Channels;
using Edge.Auth;
using Edge.Config;
using Edge.Control;
using Edge.Media.Health;
using Edge.Media.Supervision;
using Edge.Snapshots;
using Edge.Status;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Exceptions;
using MQTTnet.Protocol;

namespace Edge.Mqtt;

/// <summary>
/// Keeps edge connected to the <c>[mqtt]</c> broker for the life of the host: publishes the Home
/// Assistant discovery configs and <c>online</c> on each connection, the state when the health
/// model changes (at most once per <see cref="MinPublishInterval"/>) and every
/// <see cref="StatePeriod"/>, and carries out commands. It runs on its own task and only reads the
/// health model, so a broker that is down, slow or hostile costs the video nothing; a lost
/// connection is retried with the common back-off.
/// </summary>
internal sealed class MqttService : IHostedService, IDisposable
{
    /// <summary>The state is published at least this often, so a subscriber sees the uptime move and the snapshot refresh.</summary>
    public static readonly TimeSpan StatePeriod = TimeSpan.FromSeconds(30);

    /// <summary>At most one state message per this interval: a burst of changes (clients joining) becomes one.</summary>
    public static readonly TimeSpan MinPublishInterval = TimeSpan.FromSeconds(1);

    /// <summary>1 s doubling to a minute, ±20 %, reset after a connection held for a minute.</summary>
    public static readonly BackoffPolicy Reconnect = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), jitter: 0.2, stableAfter: TimeSpan.FromSeconds(60));

    /// <summary>How long a clean stop may spend saying <c>offline</c> to the broker.</summary>
    private static readonly TimeSpan GoodbyeTimeout = TimeSpan.FromSeconds(1);

    private readonly EdgeConfig _config;
    private readonly HealthModel _health;
    private readonly DaemonControl _control;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly StatusCollector _collector;
    private readonly SnapshotLinks? _snapshotLinks;
    private readonly Channel<bool> _changed = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;

    public MqttService(EdgeConfig config, HealthModel health, DaemonControl control, SnapshotLinks snapshotLinks, TimeProvider time, ILoggerFactory loggers)
    {
        _config = config;
        // Home Assistant fetches the snapshot URL without credentials: behind a login it needs the URL's own key.
        _snapshotLinks = config.Http.LoginRequired ? snapshotLinks : null;
        _health = health;
        _control = control;
        _time = time;
        _log = loggers.CreateLogger("Edge.Mqtt");
        // Memory and open files are not published, so reading /proc for every message would be wasted.
        _collector = new StatusCollector(config, health, time, time.GetTimestamp(), Cli.Usage.Version, () => new Linux.Procfs.ProcessResources(-1, -1, -1, -1));
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_config.Mqtt is not { } mqtt)
            return Task.CompletedTask;
        _health.Changed += OnHealthChanged;
        _loop = Task.Run(() => KeepConnectedAsync(mqtt, _stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _health.Changed -= OnHealthChanged;
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
    }

    public void Dispose() => _stopping.Dispose();

    private void OnHealthChanged() => _changed.Writer.TryWrite(true);

    private async Task KeepConnectedAsync(MqttConfig mqtt, CancellationToken stopping)
    {
        var topics = new MqttTopics(mqtt);
        var broker = mqtt.Url.ToString();
        var retry = new RetryLoop(Reconnect, _time);
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                string reason;
                try
                {
                    await RunConnectionAsync(mqtt, topics, retry, stopping).ConfigureAwait(false);
                    reason = "the broker closed the connection";
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception e)
                {
                    // Whatever ended the connection (refused, reset, timed out, a broker sending
                    // nonsense) is a reason to log once and retry, never to stop.
                    reason = Describe(e);
                }
                var decision = retry.Failed(reason);
                if (decision.IsNewReason)
                    MqttLog.Failed(_log, broker, reason, decision.Delay.TotalSeconds);
                else
                    MqttLog.FailedAgain(_log, broker, reason, decision.Delay.TotalSeconds);
                if (!await retry.WaitAsync(decision.Delay, stopping).ConfigureAwait(false))
                    break;
            }
        }
        catch (Exception e)
        {
            // The loop's boundary: MQTT may give up, the daemon must not.
            MqttLog.Crashed(_log, e);
        }
    }

    /// <summary>One connection, from connect to its loss (an exception) or the host stopping (a clean goodbye).</summary>
    private async Task RunConnectionAsync(MqttConfig mqtt, MqttTopics topics, RetryLoop retry, CancellationToken stopping)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        using var lost = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        string? lostReason = null;
        client.DisconnectedAsync += args =>
        {
            if (args.ClientWasConnected)
            {
                lostReason = args.Exception is { } e ? Describe(e) : $"the broker closed the connection ({args.Reason})";
                try
                {
                    lost.Cancel();
                }
                catch (ObjectDisposedException)
                {
                    // The connection's run already ended.
                }
            }
            return Task.CompletedTask;
        };
        client.ApplicationMessageReceivedAsync += args =>
        {
            OnMessage(args.ApplicationMessage, topics);
            return Task.CompletedTask;
        };

        retry.RunStarted();
        ServerCertificatePolicy? certificates;
        try
        {
            certificates = MqttBrokerTrust.PolicyFor(mqtt);
        }
        catch (ServerTrustException e)
        {
            throw new MqttCommunicationException(MqttBrokerTrust.Unusable(e));
        }
        using (var connecting = CancellationTokenSource.CreateLinkedTokenSource(stopping))
        {
            connecting.CancelAfter(MqttConnectionOptions.Timeout);
            MqttClientConnectResult result;
            try
            {
                result = await client.ConnectAsync(MqttConnectionOptions.For(mqtt, topics, certificates), connecting.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (certificates?.Rejection is { } rejection && e is not OperationCanceledException)
            {
                // The TLS handshake failed because the policy refused the certificate: say why, and the fix.
                throw new MqttCommunicationException(MqttBrokerTrust.Refused(mqtt, certificates, rejection));
            }
            if (result.ResultCode != MqttClientConnectResultCode.Success)
                throw new MqttCommunicationException($"the broker refused the connection: {Refusal(result.ResultCode)}");
        }

        try
        {
            var local = await MqttLocalAddress.TowardAsync(mqtt.Url.Host, mqtt.Url.Port, lost.Token).ConfigureAwait(false);
            var status = _collector.Collect(local);
            var withSnapshots = _config.Http.Enabled;
            if (mqtt.Discovery)
            {
                var configurationUrl = withSnapshots ? StatusPageUrl(status) : null;
                var discovery = HomeAssistantDiscovery.Build(topics, status, withSnapshots, configurationUrl);
                foreach (var message in discovery)
                    await PublishAsync(client, message, lost.Token).ConfigureAwait(false);
                MqttLog.DiscoveryPublished(_log, discovery.Count, topics.DiscoveryPrefix);
            }
            if (withSnapshots && status.Cameras.Count > 0 && IPAddress.IsLoopback(_config.Http.Listen.ToIPAddress()) && !IPAddress.IsLoopback(local))
                MqttLog.SnapshotsLoopbackOnly(_log, status.Cameras[0].SnapshotUrl);
            await PublishAsync(client, new MqttMessage(topics.Availability, Encoding.UTF8.GetBytes(MqttConnectionOptions.Online), Retain: true), lost.Token).ConfigureAwait(false);
            await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(topics.Command, MqttQualityOfServiceLevel.AtLeastOnce).Build(), lost.Token).ConfigureAwait(false);
            retry.Recovered();
            MqttLog.Connected(_log, mqtt.Url.ToString(), mqtt.User ?? "anonymous", topics.Base);

            await PublishStateAsync(client, topics, local, withSnapshots, lost.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (lostReason is not null && !stopping.IsCancellationRequested)
        {
            throw new MqttCommunicationException(lostReason);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            await SayGoodbyeAsync(client, topics).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Publishes the state on change and every period until the connection is lost or the host stops.</summary>
    private async Task PublishStateAsync(IMqttClient client, MqttTopics topics, IPAddress local, bool withSnapshots, CancellationToken lost)
    {
        byte[] lastPublished = [];
        long lastPublishedAt = 0;
        while (true)
        {
            var state = MqttStatePayload.From(_collector.Collect(local), _health.RtspClientsOf, withSnapshots, _snapshotLinks);
            // The uptime alone is no change worth a message; the period publishes it anyway.
            var comparable = MqttStatePayload.Serialize(state with { UptimeSeconds = 0 });
            if (!comparable.AsSpan().SequenceEqual(lastPublished) || _time.GetElapsedTime(lastPublishedAt) >= StatePeriod)
            {
                await PublishAsync(client, new MqttMessage(topics.State, MqttStatePayload.Serialize(state), Retain: true), lost).ConfigureAwait(false);
                lastPublished = comparable;
                lastPublishedAt = _time.GetTimestamp();
            }

            await Task.Delay(MinPublishInterval, _time, lost).ConfigureAwait(false);
            var untilPeriod = StatePeriod - _time.GetElapsedTime(lastPublishedAt);
            if (untilPeriod <= TimeSpan.Zero)
                continue;
            using var period = new CancellationTokenSource(untilPeriod, _time);
            using var periodOrLost = CancellationTokenSource.CreateLinkedTokenSource(period.Token, lost);
            try
            {
                await _changed.Reader.ReadAsync(periodOrLost.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!lost.IsCancellationRequested)
            {
                // The period passed with no change: publish again.
            }
        }
    }

    private static async Task PublishAsync(IMqttClient client, MqttMessage message, CancellationToken cancellationToken)
    {
        using var publishing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        publishing.CancelAfter(MqttConnectionOptions.Timeout);
        var applicationMessage = new MqttApplicationMessageBuilder()
            .WithTopic(message.Topic)
            .WithPayload(message.Payload)
            .WithRetainFlag(message.Retain)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        try
        {
            var result = await client.PublishAsync(applicationMessage, publishing.Token).ConfigureAwait(false);
            if (!result.IsSuccess)
                throw new MqttCommunicationException($"the broker refused a message on {message.Topic}: {result.ReasonCode}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new MqttCommunicationException($"the broker did not acknowledge a message within {MqttConnectionOptions.Timeout.TotalSeconds:0} s");
        }
    }

    /// <summary>A clean stop sends no last will, so say <c>offline</c> ourselves, briefly: stopping must stay quick.</summary>
    private static async Task SayGoodbyeAsync(IMqttClient client, MqttTopics topics)
    {
        if (!client.IsConnected)
            return;
        using var goodbye = new CancellationTokenSource(GoodbyeTimeout);
        try
        {
            await PublishAsync(client, new MqttMessage(topics.Availability, Encoding.UTF8.GetBytes(MqttConnectionOptions.Offline), Retain: true), goodbye.Token).ConfigureAwait(false);
            await client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), goodbye.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is MqttCommunicationException or OperationCanceledException or IOException or System.Net.Sockets.SocketException)
        {
            // The broker is gone or slow; the last will says offline for us.
        }
    }

    private void OnMessage(MqttApplicationMessage message, MqttTopics topics)
    {
        if (message.Topic != topics.Command)
            return;
        // A command is a word; anything long is not one and is not worth decoding.
        var payload = message.Payload.Length <= 64 ? Encoding.UTF8.GetString(message.Payload) : "";
        if (MqttCommands.TryExecute(payload, _control))
            MqttLog.Command(_log, payload.Trim(), payload.Trim() == MqttCommands.Refresh ? "forcing keyframes and reconnecting pushes" : "restarting the camera pipelines");
        else
            MqttLog.UnknownCommand(_log, message.Topic);
    }

    private string StatusPageUrl(StatusSnapshot status) =>
        status.Cameras.Count > 0 && Uri.TryCreate(status.Cameras[0].SnapshotUrl, UriKind.Absolute, out var snapshot)
            ? snapshot.GetLeftPart(UriPartial.Authority) + "/"
            : $"http://{_config.Http.Listen}/";

    private static string Describe(Exception e) => e switch
    {
        MqttCommunicationException { InnerException: { } inner } => StatusSnapshot.OneLine(inner.Message),
        _ => StatusSnapshot.OneLine(e.Message),
    };

    private static string Refusal(MqttClientConnectResultCode code) => code switch
    {
        MqttClientConnectResultCode.BadUserNameOrPassword or MqttClientConnectResultCode.NotAuthorized => $"{code}; check mqtt.user and mqtt.password",
        _ => code.ToString(),
    };
}
