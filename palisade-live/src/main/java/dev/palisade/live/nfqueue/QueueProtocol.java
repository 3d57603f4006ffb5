package dev.palisade.live.nfqueue;

/**
 * Constants of the nfnetlink_queue protocol ({@code linux/netfilter/nfnetlink_queue.h},
 * {@code linux/netfilter/nfnetlink_conntrack.h}, {@code linux/netfilter.h}).
 */
final class QueueProtocol {

    static final int NFNL_SUBSYS_QUEUE = 3;

    static final int MSG_PACKET = 0;
    static final int MSG_VERDICT = 1;
    static final int MSG_CONFIG = 2;
    static final int MSG_VERDICT_BATCH = 3;

    // enum nfqnl_attr_type
    static final int NFQA_PACKET_HDR = 1;
    static final int NFQA_VERDICT_HDR = 2;
    static final int NFQA_MARK = 3;
    static final int NFQA_TIMESTAMP = 4;
    static final int NFQA_IFINDEX_INDEV = 5;
    static final int NFQA_IFINDEX_OUTDEV = 6;
    static final int NFQA_HWADDR = 9;
    static final int NFQA_PAYLOAD = 10;
    static final int NFQA_CT = 11;
    static final int NFQA_CT_INFO = 12;
    static final int NFQA_CAP_LEN = 13;
    static final int NFQA_SKB_INFO = 14;
    /** Highest attribute type indexed; later ones (uid, gid, vlan, ...) are not requested. */
    static final int NFQA_MAX_INDEXED = 22;

    /** struct nfqnl_msg_packet_hdr, packed: be32 packet_id, be16 hw_protocol, u8 hook. */
    static final int PACKET_HDR_LENGTH = 7;
    /** struct nfqnl_msg_verdict_hdr: be32 verdict, be32 id. */
    static final int VERDICT_HDR_LENGTH = 8;

    // enum nfqnl_attr_config
    static final int NFQA_CFG_CMD = 1;
    static final int NFQA_CFG_PARAMS = 2;
    static final int NFQA_CFG_QUEUE_MAXLEN = 3;
    static final int NFQA_CFG_MASK = 4;
    static final int NFQA_CFG_FLAGS = 5;

    /** struct nfqnl_msg_config_cmd: u8 command, u8 pad, be16 pf. */
    static final int CONFIG_CMD_LENGTH = 4;
    /** struct nfqnl_msg_config_params, packed: be32 copy_range, u8 copy_mode. */
    static final int CONFIG_PARAMS_LENGTH = 5;

    static final int CMD_BIND = 1;
    static final int CMD_UNBIND = 2;
    static final int CMD_PF_BIND = 3;
    static final int CMD_PF_UNBIND = 4;

    static final int COPY_NONE = 0;
    static final int COPY_META = 1;
    static final int COPY_PACKET = 2;
    /** NFQNL_MAX_COPY_RANGE: 0xffff minus an attribute header. */
    static final int MAX_COPY_RANGE = 0xffff - 4;

    static final int F_FAIL_OPEN = 1;
    static final int F_CONNTRACK = 1 << 1;
    static final int F_GSO = 1 << 2;

    static final int SKB_CSUMNOTREADY = 1;
    static final int SKB_GSO = 1 << 1;
    static final int SKB_CSUM_NOTVERIFIED = 1 << 2;

    // enum ctattr_type
    static final int CTA_STATUS = 3;
    static final int CTA_MARK = 8;
    static final int CTA_ID = 12;
    static final int CTA_MARK_MASK = 21;
    static final int CTA_MAX_INDEXED = 26;

    static final int NF_DROP = 0;
    static final int NF_ACCEPT = 1;

    static final int AF_UNSPEC = 0;
    static final int AF_INET = 2;

    private QueueProtocol() {
    }
}
