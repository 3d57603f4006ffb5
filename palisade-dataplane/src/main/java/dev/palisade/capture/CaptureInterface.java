package dev.palisade.capture;

/**
 * One capture interface: in pcapng an Interface Description Block of the current section, in
 * classic pcap the single implicit interface described by the file header.
 *
 * @param id index of the interface within its section, as referenced by packet blocks
 * @param name the {@code if_name} option, or {@code null} when the file does not name it
 * @param linkType the link-layer header type, see {@link LinkType}
 * @param snapLength the maximum captured length per packet; 0 means no limit was declared, and
 *     values beyond {@code Integer.MAX_VALUE} are reported as {@code Integer.MAX_VALUE}
 */
public record CaptureInterface(int id, String name, int linkType, int snapLength) {

    @Override
    public String toString() {
        return "interface " + id + (name == null ? "" : " '" + name + "'") + " (" + LinkType.name(linkType) + ")";
    }
}
