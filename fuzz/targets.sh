# What the fuzz scripts share (sourced, not run): the targets, each target's
# dictionary, and the libFuzzer limits every run uses.
FUZZ_TARGETS="interface_xml domain_xml vif_string sxpr config interface_gen"
FUZZ_LIMITS="-max_len=8192 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1"

# The dictionary for target $1.
dict_for() {
    case $1 in
        interface_xml | domain_xml | interface_gen) echo fuzz/dicts/xml.dict ;;
        vif_string) echo fuzz/dicts/vif.dict ;;
        sxpr) echo fuzz/dicts/sxpr.dict ;;
        config) echo fuzz/dicts/config.dict ;;
    esac
}
