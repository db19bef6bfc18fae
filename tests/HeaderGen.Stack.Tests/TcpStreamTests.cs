using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using HeaderGen.Stack.Simulation;
using HeaderGen.Stack.Tcp;
using HeaderGen.Stack.Tracing;
using Xunit;

namespace HeaderGen.Stack.Tests;

/// <summary>The .NET side of TCP: async connect and accept, a <see cref="Stream"/> over a connection, on the virtual clock.</summary>
public class TcpStreamTests
{
    [Fact]
    public async Task An_async_server_and_client_copy_a_megabyte_through_streams()
    {
        // The simulation is the only thread: continuations run where the stack completes their tasks, not on xUnit's
        // context (which would queue them for after the run).
        System.Threading.SynchronizationContext.SetSynchronizationContext(null);
        var net = new TwoHosts(17, trace: NoTrace.Instance);
        net.AddArpEntries();
        var listener = net.B.ListenTcp(80);
        var data = new byte[1 << 20];
        new Random(17).NextBytes(data);

        async Task<byte[]> Server()
        {
            var connection = await listener.AcceptAsync();
            await using var stream = connection.GetStream();
            var copy = new MemoryStream();
            await stream.CopyToAsync(copy);                         // to the end of the stream: the client's FIN
            return copy.ToArray();
        }

        async Task<TcpState> Client()
        {
            var connection = await net.A.ConnectTcpAsync(TwoHosts.AddressB, 80);
            await using (var stream = connection.GetStream())
            {
                await stream.WriteAsync(data);                      // waits for room as B acknowledges
            }
            return connection.State;                                // disposed: closed, the FIN queued after the data
        }

        var server = Server();
        var client = Client();
        net.Scheduler.RunUntilIdle();
        Assert.True(server.IsCompletedSuccessfully, server.Exception?.ToString());
        Assert.True(client.IsCompletedSuccessfully, client.Exception?.ToString());
        Assert.Equal(data, await server);
        Assert.Equal(TcpState.FinWait1, await client);
        Assert.Equal(0, net.A.TcpConnections);                        // and, by the end of the run, both sides closed
        Assert.Equal(0, net.B.TcpConnections);
    }

    [Fact]
    public void A_synchronous_stream_advances_the_simulation_with_its_pump_and_without_one_refuses_to_block()
    {
        var net = new TwoHosts(18, trace: NoTrace.Instance);
        net.AddArpEntries();
        var listener = net.B.ListenTcp(80);
        var client = net.A.ConnectTcp(TwoHosts.AddressB, 80);
        Func<bool> pump = net.Scheduler.RunOne;
        TcpConnection? server;
        while (!listener.TryAccept(out server) && pump())
        {
        }
        Assert.NotNull(server);
        using (var writer = client.GetStream(pump))
        {
            writer.Write("hello, stream"u8);
        }
        // Without a pump, a read that would have to wait throws rather than block the thread that runs the stack.
        Assert.Throws<InvalidOperationException>(() => server.GetStream().Read(new byte[4]));
        using var reader = new StreamReader(server.GetStream(pump));
        Assert.Equal("hello, stream", reader.ReadToEnd());              // to the end of the stream: the client's FIN
    }

    /// <summary>A connected to B's port 80, the simulation run one event at a time until B accepts.</summary>
    private static (TwoHosts Net, TcpConnection Client, TcpConnection Server) Connected(int seed)
    {
        var net = new TwoHosts(seed, trace: NoTrace.Instance);
        net.AddArpEntries();
        var listener = net.B.ListenTcp(80);
        var client = net.A.ConnectTcp(TwoHosts.AddressB, 80);
        TcpConnection? server;
        while (!listener.TryAccept(out server) && net.Scheduler.RunOne())
        {
        }
        Assert.NotNull(server);
        return (net, client, server);
    }

    [Fact]
    public void A_synchronous_stream_over_a_reset_connection_throws_io_errors_that_say_why_and_a_disposed_one_says_it_cannot()
    {
        var (net, client, server) = Connected(19);
        Func<bool> pump = net.Scheduler.RunOne;
        var stream = client.GetStream(pump);
        Assert.True(stream.CanRead && stream.CanWrite && !stream.CanSeek);
        server.Abort();                                                 // a reset to the client
        while (client.State != TcpState.Closed && pump())
        {
        }
        var read = Assert.Throws<IOException>(() => stream.Read(new byte[4]));
        Assert.Contains(TcpError.Reset.ToString(), read.Message, StringComparison.Ordinal);
        var write = Assert.Throws<IOException>(() => stream.Write("late"u8));
        Assert.Contains("cannot send", write.Message, StringComparison.Ordinal);
        stream.Dispose();
        Assert.False(stream.CanRead || stream.CanWrite);
        // A pump that has nothing more to run ends a read that waits with an error, not a hang.
        var (_, quietClient, _) = Connected(20);
        var stalled = Assert.Throws<IOException>(() => quietClient.GetStream(() => false).Read(new byte[4]));
        Assert.Contains("Nothing more can happen", stalled.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pipe_reader_over_the_stream_reads_length_prefixed_messages()
    {
        // System.IO.Pipelines over TcpStream: messages of a 2-byte length and a body, parsed without copying as they come.
        System.Threading.SynchronizationContext.SetSynchronizationContext(null);
        var net = new TwoHosts(23, trace: NoTrace.Instance);
        net.AddArpEntries();
        var listener = net.B.ListenTcp(80);
        var bodies = Enumerable.Range(1, 200).Select(i => Enumerable.Range(0, i * 37 % 3000).Select(j => (byte)(i + j)).ToArray()).ToList();

        async Task<List<byte[]>> Server()
        {
            var connection = await listener.AcceptAsync();
            var reader = System.IO.Pipelines.PipeReader.Create(connection.GetStream());
            var messages = new List<byte[]>();
            var prefix = new byte[2];
            while (true)
            {
                var result = await reader.ReadAsync();
                var buffer = result.Buffer;
                while (buffer.Length >= 2)
                {
                    buffer.Slice(0, 2).CopyTo(prefix);
                    int length = prefix[0] << 8 | prefix[1];
                    if (buffer.Length < 2 + length)
                    {
                        break;
                    }
                    messages.Add(buffer.Slice(2, length).ToArray());
                    buffer = buffer.Slice(2 + length);
                }
                reader.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    break;
                }
            }
            await reader.CompleteAsync();
            return messages;
        }

        async Task Client()
        {
            var connection = await net.A.ConnectTcpAsync(TwoHosts.AddressB, 80);
            await using var stream = connection.GetStream();
            foreach (var body in bodies)
            {
                await stream.WriteAsync(new[] { (byte)(body.Length >> 8), (byte)body.Length });
                await stream.WriteAsync(body);
            }
        }

        var server = Server();
        var client = Client();
        net.Scheduler.RunUntilIdle();
        await client;
        var received = await server;
        Assert.Equal(bodies.Count, received.Count);
        Assert.All(bodies.Zip(received), pair => Assert.Equal(pair.First, pair.Second));
    }

    [Fact]
    public async Task Connecting_to_a_port_nobody_listens_on_fails_with_connection_refused()
    {
        var net = new TwoHosts(19, trace: NoTrace.Instance);
        net.AddArpEntries();
        var connect = net.A.ConnectTcpAsync(TwoHosts.AddressB, 81);
        net.Scheduler.RunUntilIdle();
        var failure = await Assert.ThrowsAsync<IOException>(() => connect);
        Assert.Contains("refused", failure.Message, StringComparison.Ordinal);
    }
}
