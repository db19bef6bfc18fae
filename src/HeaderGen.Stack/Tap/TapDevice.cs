using System;
using System.IO;
using System.Runtime.InteropServices;
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

    private TapDevice(string name, int descriptor)
    {
        Name = name;
        _descriptor = descriptor;
    }

    /// <summary>The kernel's name for the interface.</summary>
    public string Name { get; }

    /// <summary>Frames written to the kernel.</summary>
    public long Written { get; private set; }

    /// <summary>Frames the kernel refused or took in part (a write that returned an error or a short count): dropped, and counted here.</summary>
    public long WriteFailures { get; private set; }

    /// <summary>Frames read from the kernel.</summary>
    public long Read { get; private set; }

    /// <summary>Creates (or attaches to) TAP interface <paramref name="name"/> (at most 15 characters).</summary>
    public static unsafe TapDevice Open(string name)
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
        return new TapDevice(name, descriptor);
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
    public unsafe long Send(Nic from, ReadOnlySpan<byte> frame)
    {
        fixed (byte* pointer = frame)
        {
            if (WriteDescriptor(_descriptor, pointer, frame.Length) == frame.Length)
            {
                Written++;
            }
            else
            {
                WriteFailures++;
            }
        }
        return 0;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_descriptor >= 0)
        {
            Close(_descriptor);
            _descriptor = -1;
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
