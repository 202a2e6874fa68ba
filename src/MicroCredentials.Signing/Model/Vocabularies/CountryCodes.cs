namespace MicroCredentials.Signing.Model;

/// <summary>
/// ISO 3166-1 country codes: the 249 officially assigned alpha-2 codes with their alpha-3 codes (from the Debian
/// iso-codes table <c>iso_3166-1.json</c>), and the EU Publications Office country authority URIs
/// (<c>http://publications.europa.eu/resource/authority/country/ALPHA3</c>) that ELM and EDC use.
/// </summary>
internal static class CountryCodes
{
    /// <summary>Base URI of the EU Publications Office country authority table.</summary>
    public const string AuthorityBase = "http://publications.europa.eu/resource/authority/country/";

    // Alpha-2 immediately followed by alpha-3, one pair per space-separated entry.
    private const string Pairs =
        "ADAND AEARE AFAFG AGATG AIAIA ALALB AMARM AOAGO AQATA ARARG ASASM ATAUT AUAUS AWABW AXALA AZAZE " +
        "BABIH BBBRB BDBGD BEBEL BFBFA BGBGR BHBHR BIBDI BJBEN BLBLM BMBMU BNBRN BOBOL BQBES BRBRA BSBHS " +
        "BTBTN BVBVT BWBWA BYBLR BZBLZ CACAN CCCCK CDCOD CFCAF CGCOG CHCHE CICIV CKCOK CLCHL CMCMR CNCHN " +
        "COCOL CRCRI CUCUB CVCPV CWCUW CXCXR CYCYP CZCZE DEDEU DJDJI DKDNK DMDMA DODOM DZDZA ECECU EEEST " +
        "EGEGY EHESH ERERI ESESP ETETH FIFIN FJFJI FKFLK FMFSM FOFRO FRFRA GAGAB GBGBR GDGRD GEGEO GFGUF " +
        "GGGGY GHGHA GIGIB GLGRL GMGMB GNGIN GPGLP GQGNQ GRGRC GSSGS GTGTM GUGUM GWGNB GYGUY HKHKG HMHMD " +
        "HNHND HRHRV HTHTI HUHUN IDIDN IEIRL ILISR IMIMN ININD IOIOT IQIRQ IRIRN ISISL ITITA JEJEY JMJAM " +
        "JOJOR JPJPN KEKEN KGKGZ KHKHM KIKIR KMCOM KNKNA KPPRK KRKOR KWKWT KYCYM KZKAZ LALAO LBLBN LCLCA " +
        "LILIE LKLKA LRLBR LSLSO LTLTU LULUX LVLVA LYLBY MAMAR MCMCO MDMDA MEMNE MFMAF MGMDG MHMHL MKMKD " +
        "MLMLI MMMMR MNMNG MOMAC MPMNP MQMTQ MRMRT MSMSR MTMLT MUMUS MVMDV MWMWI MXMEX MYMYS MZMOZ NANAM " +
        "NCNCL NENER NFNFK NGNGA NINIC NLNLD NONOR NPNPL NRNRU NUNIU NZNZL OMOMN PAPAN PEPER PFPYF PGPNG " +
        "PHPHL PKPAK PLPOL PMSPM PNPCN PRPRI PSPSE PTPRT PWPLW PYPRY QAQAT REREU ROROU RSSRB RURUS RWRWA " +
        "SASAU SBSLB SCSYC SDSDN SESWE SGSGP SHSHN SISVN SJSJM SKSVK SLSLE SMSMR SNSEN SOSOM SRSUR SSSSD " +
        "STSTP SVSLV SXSXM SYSYR SZSWZ TCTCA TDTCD TFATF TGTGO THTHA TJTJK TKTKL TLTLS TMTKM TNTUN TOTON " +
        "TRTUR TTTTO TVTUV TWTWN TZTZA UAUKR UGUGA UMUMI USUSA UYURY UZUZB VAVAT VCVCT VEVEN VGVGB VIVIR " +
        "VNVNM VUVUT WFWLF WSWSM YEYEM YTMYT ZAZAF ZMZMB ZWZWE";

    private static readonly Dictionary<string, string> Alpha3ByAlpha2 = Pairs.Split(' ').ToDictionary(p => p[..2], p => p[2..], StringComparer.Ordinal);

    private static readonly Dictionary<string, string> Alpha2ByAlpha3 = Alpha3ByAlpha2.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    /// <summary>Whether <paramref name="code"/> is an assigned ISO 3166-1 alpha-2 code (upper case).</summary>
    public static bool IsValid(string? code) => code is not null && Alpha3ByAlpha2.ContainsKey(code);

    /// <summary>The alpha-3 code of an assigned alpha-2 code, or null.</summary>
    public static string? Alpha3(string alpha2) => Alpha3ByAlpha2.GetValueOrDefault(alpha2);

    /// <summary>The alpha-2 code of an assigned alpha-3 code (upper case), or null.</summary>
    public static string? Alpha2(string alpha3) => Alpha2ByAlpha3.GetValueOrDefault(alpha3);

    /// <summary>
    /// The alpha-2 code for an alpha-2 code, an alpha-3 code or an EU country authority URI (codes in any case); any
    /// other value is returned unchanged so that validation can name it.
    /// </summary>
    public static string Normalize(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var code = value.StartsWith(AuthorityBase, StringComparison.Ordinal) ? value[AuthorityBase.Length..] : value.Trim();
        if (code.Length is not (2 or 3) || !code.All(char.IsAsciiLetter))
        {
            return value;
        }

        code = code.ToUpperInvariant();
        return code.Length == 2 ? (IsValid(code) ? code : value) : Alpha2(code) ?? value;
    }
}
