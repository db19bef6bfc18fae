using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;
using HeaderGen.Stack.Devices;

namespace HeaderGen.Stack.Tap;

/// <summary>
/// A Linux TAP device (<c>/dev/net/tun</c>, <c>IFF_TAP | IFF_NO_PI</c>) as a NIC's wire: frames the NIC transmits
/// go to the kernel's interface, frames the kernel sends come back through <see cref="TryRead"/>. The TAP wire carries
/// no FCS, so NICs attached to it are created with <see cref="NicOptions.FcsOnWire"/> false. Needs root (or
/// CAP_NET_ADMIN); without it, opening fails with a message that says so.
/// </summary>
public sealed partial class TapDevice : IWire, IDisposable
{
    private const int ReadWrite = 2;
    private const int NonBlocking = 0x800;
    private const uint TunSetInterface = 0x400454CA;
    private const short Tap = 0x0002;
    private const short NoPacketInformation = 0x1000;
    private const int WouldBlock = 11;

    private int _descriptor;
    private readonly BackgroundWriter? _writer;

    private TapDevice(string name, int descriptor, bool backgroundWrites)
    {
        Name = name;
        _descriptor = descriptor;
        _writer = backgroundWrites ? new BackgroundWriter(this) : null;
    }

    /// <summary>The kernel's name for the interface.</summary>
    public string Name { get; }

    /// <summary>Frames written to the kernel.</summary>
    public long Written => Volatile.Read(ref _written);
    private long _written;

    /// <summary>Frames the kernel refused or took in part (a write that returned an error or a short count): dropped, and counted here.</summary>
    public long WriteFailures => Volatile.Read(ref _writeFailures);
    private long _writeFailures;

    /// <summary>With background writes: times <see cref="Send"/> found the queue to the writing thread full and waited for a slot.</summary>
    public long WriteQueueFull => _writer?.Full ?? 0;

    /// <summary>Frames read from the kernel.</summary>
    public long Read { get; private set; }

    /// <summary>
    /// Creates (or attaches to) TAP interface <paramref name="name"/> (at most 15 characters). With
    /// <paramref name="backgroundWrites"/>, frames sent are queued (copied, in order, at most 256 waiting) to a thread of
    /// the device's own that writes them: the kernel does its side of a frame (IP, TCP receive, the ACK it sends
    /// back) inside the write(2) call, so on one thread that work and the stack's take turns; on two they overlap.
    /// </summary>
    public static unsafe TapDevice Open(string name, bool backgroundWrites = false)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("TAP devices are a Linux feature.");
        }
        if (name.Length is 0 or > 15)
        {
            throw new ArgumentException("An interface name has 1 to 15 characters.", nameof(name));
        }
        int descriptor = OpenDevice("/dev/net/tun", ReadWrite | NonBlocking);
        if (descriptor < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new UnauthorizedAccessException($"Cannot open /dev/net/tun (errno {errno}): a TAP device needs root or CAP_NET_ADMIN and the tun module.");
        }
        var request = new InterfaceRequest { Flags = Tap | NoPacketInformation };
        for (int i = 0; i < name.Length; i++)
        {
            request.Name[i] = (byte)name[i];
        }
        if (Ioctl(descriptor, TunSetInterface, &request) < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            Close(descriptor);
            throw new UnauthorizedAccessException($"TUNSETIFF on {name} failed (errno {errno}): a TAP device needs root or CAP_NET_ADMIN.");
        }
        return new TapDevice(name, descriptor, backgroundWrites);
    }

    /// <summary>Reads one frame from the kernel without blocking; false when none is waiting.</summary>
    public unsafe bool TryRead(Span<byte> buffer, out int length)
    {
        fixed (byte* pointer = buffer)
        {
            nint count = ReadDescriptor(_descriptor, pointer, buffer.Length);
            if (count < 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                length = 0;
                return errno == WouldBlock ? false : throw new IOException($"Reading {Name} failed (errno {errno}).");
            }
            length = (int)count;
            Read++;
            return true;
        }
    }

    /// <summary>
    /// Waits until one of <paramref name="taps"/> has a frame to read, or <paramref name="milliseconds"/> pass (poll(2)):
    /// an idle runner wakes when the kernel writes, not at the next tick of a sleep.
    /// </summary>
    public static unsafe void WaitReadable(TapDevice[] taps, int milliseconds)
    {
        var descriptors = stackalloc PollDescriptor[taps.Length];
        for (int i = 0; i < taps.Length; i++)
        {
            descriptors[i] = new PollDescriptor { Descriptor = taps[i]._descriptor, Events = PollIn };
        }
        _ = Poll(descriptors, (nuint)taps.Length, milliseconds);   // EINTR or a timeout: the caller looks again either way
    }

    private const short PollIn = 1;

    [StructLayout(LayoutKind.Sequential)]
    private struct PollDescriptor
    {
        public int Descriptor;
        public short Events;
        public short ReturnedEvents;
    }

    /// <inheritdoc/>
    public long Send(Nic from, ReadOnlySpan<byte> frame)
    {
        if (_writer is not null)
        {
            _writer.Enqueue(frame);
        }
        else
        {
            Write(frame);
        }
        return 0;
    }

    private unsafe void Write(ReadOnlySpan<byte> frame)
    {
        fixed (byte* pointer = frame)
        {
            if (WriteDescriptor(_descriptor, pointer, frame.Length) == frame.Length)
            {
                Interlocked.Increment(ref _written);
            }
            else
            {
                Interlocked.Increment(ref _writeFailures);
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_descriptor < 0)
        {
            return;
        }
        // The writing thread writes what is queued before it stops: every frame sent before Dispose reaches the kernel.
        _writer?.Dispose();
        Close(_descriptor);
        _descriptor = -1;
    }

    /// <summary>
    /// One producer (the stack's thread, in <see cref="Send"/>) and one consumer (a thread of its own, writing): a ring of
    /// frame-sized slots with a count each side. The writer spins a little when the ring is empty, then sleeps until
    /// the next frame (the producer wakes it only when it said it sleeps). A full ring makes <see cref="Send"/> wait
    /// for a slot, as a full transmit queue stops a driver's queue: no frame is dropped for it.
    /// </summary>
    private sealed class BackgroundWriter : IDisposable
    {
        private const int Slots = 256;
        private readonly TapDevice _device;
        private readonly int _slotSize = PacketBuffer.SizeFor(NicOptions.MaxMtu);
        private readonly byte[] _frames;
        private readonly int[] _lengths = new int[Slots];
        private readonly Thread _thread;
        private readonly ManualResetEventSlim _wake = new(false);
        private long _produced;
        private long _consumed;
        private int _sleeping;
        private volatile bool _stopping;

        public long Full;

        public BackgroundWriter(TapDevice device)
        {
            _device = device;
            _frames = GC.AllocateUninitializedArray<byte>(Slots * _slotSize);
            _thread = new Thread(Run) { IsBackground = true, Name = "TAP writer " + device.Name };
            _thread.Start();
        }

        public void Enqueue(ReadOnlySpan<byte> frame)
        {
            if (frame.Length > _slotSize)
            {
                Interlocked.Increment(ref _device._writeFailures);
                return;
            }
            long produced = _produced;
            if (produced - Volatile.Read(ref _consumed) >= Slots)
            {
                Full++;
                var spin = new SpinWait();
                while (produced - Volatile.Read(ref _consumed) >= Slots)
                {
                    spin.SpinOnce();
                }
            }
            int slot = (int)(produced % Slots);
            frame.CopyTo(_frames.AsSpan(slot * _slotSize));
            _lengths[slot] = frame.Length;
            Volatile.Write(ref _produced, produced + 1);
            // Dekker's handshake with Run: the count is published before the flag is read, as the flag is there before the count.
            Interlocked.MemoryBarrier();
            if (Volatile.Read(ref _sleeping) != 0)
            {
                _wake.Set();
            }
        }

        private void Run()
        {
            long consumed = 0;
            while (true)
            {
                if (consumed == Volatile.Read(ref _produced))
                {
                    if (_stopping)
                    {
                        return;
                    }
                    var spin = new SpinWait();
                    for (int i = 0; i < 50 && consumed == Volatile.Read(ref _produced); i++)
                    {
                        spin.SpinOnce(sleep1Threshold: -1);
                    }
                    if (consumed == Volatile.Read(ref _produced))
                    {
                        _wake.Reset();
                        Volatile.Write(ref _sleeping, 1);
                        Interlocked.MemoryBarrier();
                        if (consumed == Volatile.Read(ref _produced) && !_stopping)
                        {
                            _wake.Wait(100);
                        }
                        Volatile.Write(ref _sleeping, 0);
                    }
                    continue;
                }
                int slot = (int)(consumed % Slots);
                _device.Write(_frames.AsSpan(slot * _slotSize, _lengths[slot]));
                Volatile.Write(ref _consumed, ++consumed);
            }
        }

        public void Dispose()
        {
            _stopping = true;
            _wake.Set();
            _thread.Join();
            _wake.Dispose();
        }
    }

    [StructLayout(LayoutKind.Sequential, Size = 40)]
    private unsafe struct InterfaceRequest
    {
        public fixed byte Name[16];
        public short Flags;
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenDevice(string path, int flags);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static unsafe partial int Ioctl(int descriptor, nuint request, void* argument);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static unsafe partial nint ReadDescriptor(int descriptor, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static unsafe partial nint WriteDescriptor(int descriptor, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static unsafe partial int Poll(PollDescriptor* descriptors, nuint count, int timeout);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int descriptor);
}
