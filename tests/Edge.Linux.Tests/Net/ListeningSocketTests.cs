using System.Net;
using System.Net.Sockets;
using Edge.Linux.Net;

namespace Edge.Linux.Tests.Net;

public sealed class ListeningSocketTests
{
    [Fact]
    public void ASecondListener_OnTheSamePort_IsRefused()
    {
        using var first = Listen(0);
        var port = ((IPEndPoint)first.LocalEndPoint!).Port;

        var refused = Assert.Throws<SocketException>(() => Listen(port).Dispose());

        Assert.Equal(SocketError.AddressAlreadyInUse, refused.SocketErrorCode);
    }

    [Fact]
    public void ARestartedListener_BindsOverConnectionsInTimeWait()
    {
        int port;
        using (var first = Listen(0))
        {
            port = ((IPEndPoint)first.LocalEndPoint!).Port;
            using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            client.Connect(IPAddress.Loopback, port);
            using var accepted = first.Accept();
            // The server side closes first, so its end of the connection goes to TIME_WAIT once
            // the client has seen the close (its read ends) and closes too.
            accepted.Close();
            client.ReceiveTimeout = 5000;
            Assert.Equal(0, client.Receive(new byte[1]));
        }

        using var second = Listen(port);
        Assert.Equal(port, ((IPEndPoint)second.LocalEndPoint!).Port);
    }

    private static Socket Listen(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            ListeningSocket.AllowRebindOverTimeWait(socket);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            socket.Listen(8);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
