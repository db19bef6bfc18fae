// The bundled headers' decoder and builder live in HeaderGen.Layers, not HeaderGen: a user imports HeaderGen for the
// attributes and their own namespace for their decoder and builder, and no two FrameBuilder types meet.
[assembly: HeaderGen.LayersNamespace("HeaderGen.Layers")]
