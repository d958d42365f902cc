package cn.zikao.platform;

/** One feature's HTTP handlers, registered by the contract's operation ids. */
public interface Feature {
    void routes(Operations ops);
}
