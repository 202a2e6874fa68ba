namespace MicroCredentials.Signing.Model;

/// <summary>
/// ISO 639-1 two-letter language codes with the three-letter codes of the EU Publications Office language authority
/// table (ISO 639-2/T = 639-3; from the Debian iso-codes table <c>iso_639-3.json</c>, the 183 whose code the EU table has).
/// </summary>
internal static class LanguageCodes
{
    // Alpha-2 immediately followed by the EU (ISO 639-3) code, one pair per space-separated entry.
    private const string Pairs =
        "aaAAR abABK aeAVE afAFR akAKA amAMH anARG arARA asASM avAVA ayAYM azAZE baBAK beBEL bgBUL biBIS " +
        "bmBAM bnBEN boBOD brBRE bsBOS caCAT ceCHE chCHA coCOS crCRE csCES cuCHU cvCHV cyCYM daDAN deDEU " +
        "dvDIV dzDZO eeEWE elELL enENG eoEPO esSPA etEST euEUS faFAS ffFUL fiFIN fjFIJ foFAO frFRA fyFRY " +
        "gaGLE gdGLA glGLG gnGRN guGUJ gvGLV haHAU heHEB hiHIN hoHMO hrHRV htHAT huHUN hyHYE hzHER iaINA " +
        "idIND ieILE igIBO iiIII ikIPK ioIDO isISL itITA iuIKU jaJPN jvJAV kaKAT kgKON kiKIK kjKUA kkKAZ " +
        "klKAL kmKHM knKAN koKOR krKAU ksKAS kuKUR kvKOM kwCOR kyKIR laLAT lbLTZ lgLUG liLIM lnLIN loLAO " +
        "ltLIT luLUB lvLAV mgMLG mhMAH miMRI mkMKD mlMAL mnMON mrMAR msMSA mtMLT myMYA naNAU nbNOB ndNDE " +
        "neNEP ngNDO nlNLD nnNNO noNOR nrNBL nvNAV nyNYA ocOCI ojOJI omORM orORI osOSS paPAN piPLI plPOL " +
        "psPUS ptPOR quQUE rmROH rnRUN roRON ruRUS rwKIN saSAN scSRD sdSND seSME sgSAG siSIN skSLK slSLV " +
        "smSMO snSNA soSOM sqSQI srSRP ssSSW stSOT suSUN svSWE swSWA taTAM teTEL tgTGK thTHA tiTIR tkTUK " +
        "tlTGL tnTSN toTON trTUR tsTSO ttTAT twTWI tyTAH ugUIG ukUKR urURD uzUZB veVEN viVIE voVOL waWLN " +
        "woWOL xhXHO yiYID yoYOR zaZHA zhZHO zuZUL";

    private static readonly Dictionary<string, string> EuByAlpha2 = Pairs.Split(' ').ToDictionary(p => p[..2], p => p[2..], StringComparer.Ordinal);

    private static readonly Dictionary<string, string> Alpha2ByEu = EuByAlpha2.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    /// <summary>The EU three-letter code of an ISO 639-1 code (lower case), or null.</summary>
    public static string? EuCode(string alpha2) => EuByAlpha2.GetValueOrDefault(alpha2);

    /// <summary>The ISO 639-1 code of an EU three-letter code (upper case), or null.</summary>
    public static string? Alpha2(string euCode) => Alpha2ByEu.GetValueOrDefault(euCode);
}
