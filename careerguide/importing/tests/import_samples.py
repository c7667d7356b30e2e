"""Small data files in the official formats, for the importer tests.

Each file keeps the real header and the real quirks: BOMs, Excel-wrapped CIP codes (`="01.0101"`),
ZIPs that lost their leading zero or carry +4, `NULL` / `PrivacySuppressed` / `PS` / `nan` /
`*` / `—` for unknown, thousands separators, OEWS `#` wages, EP titles with leading spaces,
an unescaped quote inside a quoted CIP definition, CRLF line ends in the O*NET text files.
"""

from pathlib import Path

BOM = "\ufeff"

FILES = {
    "ipeds/ipeds2023_institutions.csv": (
        "UnitID,INSTITUTION,CITY,STATE,ZIP,OPEID,FIPS,HISTORICALLY_BLACK,TRIBAL,SECTOR,LEVEL,CONTROL,CATEGORY\n"
        "163286,University of Maryland-College Park,College Park,MD,20742,210300,24033,2,2,1,1,1,2\n"
        "145637,University of Illinois Urbana-Champaign,Champaign,IL,61820-5711,177500,17019,2,2,1,1,1,2\n"
        "166027,Harvard University,Cambridge,MA,2138,215500,25017,2,2,2,1,2,2\n"
        "500069,ACUPUNCTURE AND MASSAGE SCHOOL OF ORIENTAL MEDICINE,,,,,,,,,,,\n"
        "100001,Springfield College,Springfield,IL,62701,1,1,2,2,2,1,2,2\n"
        "100002,Springfield College,Springfield,MA,1109,2,1,2,2,2,1,2,2\n"
        "100003,Springfield College,Springfield,MO,65801,3,1,2,2,2,1,2,2\n"
        "100004,Springfield College,Springfield,MO,65802,4,1,2,2,2,1,2,2\n"
    ),
    "ipeds/ipeds2023_cost.csv": (
        "UnitID,Institution Name,TUITION_FEES_2023_OUTSTATE,TUITION_FEES_INSTATE2023\n"
        '163286,University of Maryland-College Park,"40,306","11,505"\n'
        "145637,University of Illinois Urbana-Champaign,34501,16004\n"
        "166027,Harvard University,,\n"
        "500069,ACUPUNCTURE AND MASSAGE SCHOOL OF ORIENTAL MEDICINE,,\n"
    ),
    "ipeds/ipeds2023_enrollment.csv": (
        "UnitID,Institution Name,ENR_TOTAL,ENR_UG,ENR_UGD,ENR_CERT,ENR_GRAD\n"
        "163286,University of Maryland-College Park,40813,30608,30246,362,10205\n"
        "145637,University of Illinois Urbana-Champaign,56563,35564,34623,941,20999\n"
        "166027,Harvard University,25000,,,,\n"
    ),
    "ipeds/ipeds2023_gradrates.csv": (
        "UnitID,Institution Name,TOTAL_COHORT_2015,PCT_AWARD_6YRS,PCT_AWARD_4YEARS\n"
        "163286,University of Maryland-College Park,8433,84,71\n"
        "145637,University of Illinois Urbana-Champaign,9278,85,74\n"
        "166027,Harvard University,,,\n"
    ),
    "scorecard/Most-Recent-Cohorts-Institution_extract.csv": BOM
    + (
        "UNITID,OPEID,OPEID6,INSTNM,CITY,STABBR,ZIP,ACCREDAGENCY,INSTURL,NPCURL,LATITUDE,LONGITUDE,ADM_RATE,"
        "ADM_RATE_ALL,SAT_AVG,TUITIONFEE_IN,TUITIONFEE_OUT,AGE_ENTRY,FEMALE,MARRIED,DEPENDENT,VETERAN,"
        "PCT_WHITE,PCT_BLACK,PCT_ASIAN,PCT_HISPANIC\n"
        "163286,210300,2103,University of Maryland-College Park,College Park,MD,20742,Middle States,"
        "www.umd.edu/,x,38.988178,-76.944721,0.5096,0.5096,1391,10779,36891,20.7,0.5,0.02,0.89,"
        "PrivacySuppressed,67.8,20.4,6.3,6.5\n"
        "145637,177500,1775,University of Illinois Urbana-Champaign,Champaign,IL,61820-5711,HLC,"
        "www.illinois.edu/,x,40.104718,-88.229114,0.633,0.633,1352,15150,32600,19.8,0.49,0.006,0.96,"
        "0.001,80.0,9.7,4.5,8.4\n"
        "166027,215500,2155,Harvard University,Cambridge,MA,2138,NECHE,https://www.harvard.edu/,x,"
        "42.374471,-71.118313,0.0324,0.0324,1543,57261,57261,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL\n"
        "999001,1,1,Scorecard Only College,Boston,MA,21381234,NECHE,NULL,NULL,NULL,NULL,NULL,NULL,NULL,"
        "PS,PrivacySuppressed,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL\n"
    ),
    "scorecard/earnings_2025.csv": (
        "UNITID,INSTNM,STABBR,MD_EARN_WNE_P10,MD_EARN_WNE_P6\n"
        "163286,University of Maryland-College Park,MD,82860.0,68000.0\n"
        "145637,University of Illinois Urbana-Champaign,IL,PrivacySuppressed,PS\n"
        "777777,A School Not In The Set,TX,30000.0,25000.0\n"
    ),
    "scorecard/api_extract_2026.csv": (
        ",id,school_name,city,state,zipcode,predom_degree_awarded,locale,admit_rate,median_earnings,"
        "4yr_completion_rate,net_price_pub,net_price_priv\n"
        "0,163286,University of Maryland-College Park,College Park,MD,20742,3,21.0,0.4484,40669,0.8862,"
        "15590.0,\n"
        "1,145637,University of Illinois Urbana-Champaign,Champaign,IL,61820-5711,3,13.0,0.4369,40669,"
        "0.8489,15201.0,nan\n"
        "2,166027,Harvard University,Cambridge,MA,02138,0,12.0,,40669,nan,,-3220.0\n"
        "3,999001,Scorecard Only College,Boston,MA,02138,2,12.0,0.9,40669,0.5,nan,18000.0\n"
    ),
    "cip/CIPCode2020.csv": (
        '"CIPFamily","CIPCode","Action","TextChange","CIPTitle","CIPDefinition","CrossReferences","Examples"\n'
        '="11",="11","No substantive changes",no,"COMPUTER AND INFORMATION SCIENCES AND SUPPORT SERVICES.",'
        '"Instructional programs that focus on computers.","",\n'
        '="11",="11.07","No substantive changes",no,"Computer Science.","Instructional content is defined in '
        'code 11.0701.","",\n'
        '="11",="11.0701","No substantive changes",no,"Computer Science.","A program that focuses on computer '
        'theory.","",\n'
        '="30",="30","No substantive changes",no,"MULTI/INTERDISCIPLINARY STUDIES.","Instructional programs '
        'that derive from two or more distinct programs; this series is titled "Interdisciplinary" in the '
        'Canadian CIP.","",\n'
        '="30",="30.70","New",no,"Data Science.","Instructional content is defined in code 30.7001.","",\n'
        '="30",="30.7001","New",no,"Data Science, General.","A program that focuses on data.","",\n'
        '="01",="01.0508","No substantive changes",no,"Taxidermy/Taxidermist.","A program in taxidermy.","",\n'
    ),
    "cip/CIP2020_SOC2018_Crosswalk.csv": BOM
    + (
        "CIP2020Code,CIP2020Title,SOC2018Code,SOC2018Title\n"
        "11.0701,Computer Science.,15-2051,Data Scientists\n"
        '30.7001,"Data Science, General.",15-2051,Data Scientists\n'
        "11.0701,Computer Science.,15-1252,Software Developers\n"
        "01.0508,Taxidermy/Taxidermist.,99-9999,NO MATCH\n"
        '99.9999,NO MATCH,45-2041,"Graders and Sorters, Agricultural Products"\n'
    ),
    "programs/scorecard_field_of_study_2025_all_levels.csv": (
        "UNITID,CIPCODE,CIPDESC,CREDLEV,CREDDESC,IPEDSCOUNT2,EARN_COUNT_WNE_5YR,EARN_MDN_5YR,DISTANCE\n"
        "145637,1107,Computer Science.,3,Bachelor's Degree,306,165,170405,1\n"
        "145637,1107,Computer Science.,5,Master's Degree,543,27,201739,2\n"
        "145637,1107,Computer Science.,6,Doctoral Degree,52,0,0,1\n"
        "163286,5116,Nursing.,3,Bachelor's Degree,PrivacySuppressed,0,0,0\n"
        '163286,3070,Data Science.,5,Master\'s Degree,"1,204",10,95000,3\n'
        "777777,1107,Computer Science.,3,Bachelor's Degree,5,0,0,1\n"
    ),
    "programs/ipeds_c2024_bachelor_programs.csv": (
        "UNITID,CIPCODE,AWLEVEL,CIPTITLE_CIP2020\n"
        "145637,11.0701,5,Computer Science.\n"
        '145637,30.7001,5,"Data Science, General."\n'
        "163286,11.0701,5,Computer Science.\n"
    ),
    "onet/Occupation Data.txt": (
        "O*NET-SOC Code\tTitle\tDescription\r\n"
        "15-2051.00\tData Scientists\tDevelop and implement a set of techniques or analytics applications.\r\n"
        "15-2051.01\tBusiness Intelligence Analysts\tProduce financial and market intelligence.\r\n"
        "29-1211.00\tAnesthesiologists\tAdminister anesthetics.\r\n"
        "15-1252.00\tSoftware Developers\tResearch, design, and develop computer software.\r\n"
        "13-1021.00\tBuyers and Purchasing Agents, Farm Products\tPurchase farm products.\r\n"
    ),
    "onet/Alternate Titles.txt": (
        "O*NET-SOC Code\tAlternate Title\tShort Title\tSource(s)\r\n"
        "15-2051.00\tMachine Learning Engineer\tn/a\t10\r\n"
        "15-2051.00\tData Scientist\tn/a\t08\r\n"
        "15-2051.00\tData Scientist\tn/a\t09\r\n"
        "29-1211.00\tMedical Doctor\tMD\t10\r\n"
    ),
    "onet/Task Statements.txt": (
        "O*NET-SOC Code\tTask ID\tTask\tTask Type\tIncumbents Responding\tDate\tDomain Source\r\n"
        "15-2051.00\t23280\tApply feature selection algorithms to models.\tCore\t25\t08/2023\tIncumbent\r\n"
        '15-2051.00\t23281\tConduct "head counts" of model runs.\tSupplemental\t25\t08/2023\tIncumbent\r\n'
        "15-2051.00\t23282\tDocument data sources.\tn/a\tn/a\t08/2023\tAnalyst\r\n"
    ),
    "onet/Technology Skills.txt": (
        "O*NET-SOC Code\tExample\tCommodity Code\tCommodity Title\tHot Technology\tIn Demand\r\n"
        "15-2051.00\tAmazon Redshift\t43232306\tData base user interface and query software\tY\tN\r\n"
        "15-2051.00\tPython\t43232405\tObject or component oriented development software\tY\tY\r\n"
    ),
    "onet/Job Zones.txt": (
        "O*NET-SOC Code\tJob Zone\tDate\tDomain Source\r\n15-2051.00\t4\t08/2023\tAnalyst\r\n29-1211.00\t5\t08/2023\tAnalyst\r\n"
    ),
    "onet/Education, Training, and Experience.txt": (
        "O*NET-SOC Code\tElement ID\tElement Name\tScale ID\tCategory\tData Value\tN\tStandard Error\t"
        "Lower CI Bound\tUpper CI Bound\tRecommend Suppress\tDate\tDomain Source\r\n"
        "15-2051.00\t2.D.1\tRequired Level of Education\tRL\t6\t37.50\t28\t4.1\tn/a\tn/a\tN\t08/2023\tIncumbent\r\n"
        "15-2051.00\t2.D.1\tRequired Level of Education\tRL\t8\t45.00\t28\t4.1\tn/a\tn/a\tN\t08/2023\tIncumbent\r\n"
        "15-2051.00\t3.A.1\tRelated Work Experience\tRW\t1\t10.00\t28\t4.1\tn/a\tn/a\tN\t08/2023\tIncumbent\r\n"
    ),
    "onet/Education, Training, and Experience Categories.txt": (
        "Element ID\tElement Name\tScale ID\tCategory\tCategory Description\r\n"
        "2.D.1\tRequired Level of Education\tRL\t6\tBachelor's Degree\r\n"
        "2.D.1\tRequired Level of Education\tRL\t8\tMaster's Degree\r\n"
        "3.A.1\tRelated Work Experience\tRW\t1\tNone\r\n"
    ),
    "onet/Related Occupations.txt": (
        "O*NET-SOC Code\tRelated O*NET-SOC Code\tRelatedness Tier\tIndex\r\n"
        "15-2051.00\t15-2051.01\tPrimary-Short\t1\r\n"
        "15-2051.00\t15-1252.00\tPrimary-Short\t2\r\n"
    ),
    "onet/Read Me.txt": "O*NET 29.2 Database\nFebruary 2025 Release\n",
    "bls/oews_national_M2024_dl.csv": (
        "AREA,AREA_TITLE,AREA_TYPE,PRIM_STATE,NAICS,NAICS_TITLE,I_GROUP,OWN_CODE,OCC_CODE,OCC_TITLE,O_GROUP,"
        "TOT_EMP,EMP_PRSE,JOBS_1000,LOC_QUOTIENT,PCT_TOTAL,PCT_RPT,H_MEAN,A_MEAN,MEAN_PRSE,H_PCT10,H_PCT25,"
        "H_MEDIAN,H_PCT75,H_PCT90,A_PCT10,A_PCT25,A_MEDIAN,A_PCT75,A_PCT90,ANNUAL,HOURLY\n"
        "99,U.S.,1,US,000000,Cross-industry,cross-industry,1235,00-0000,All Occupations,total,"
        '"154,187,380",0,,,,,32.66,67920,0.1,14.42,17.66,23.8,37.89,60.44,29990,36730,49500,78810,125720,,\n'
        "99,U.S.,1,US,000000,Cross-industry,cross-industry,1235,15-2051,Data Scientists,detailed,"
        '"233,440",1.7,,,,,59.9,"124,590",0.9,30.6,39.73,54.13,74.91,93.47,"63,650","82,630","112,590",'
        '"155,810","194,410",,\n'
        "99,U.S.,1,US,000000,Cross-industry,cross-industry,1235,29-1211,Anesthesiologists,detailed,"
        "28830,5.1,,,,,#,#,1.5,60.14,#,#,#,#,125090,#,#,#,#,,\n"
        "99,U.S.,1,US,000000,Cross-industry,cross-industry,1235,15-1252,Software Developers,detailed,"
        "1654440,0.6,,,,,69.5,144570,0.4,38.0,50.0,63.59,*,#,79000,104000,132270,*,#,,\n"
        "99,U.S.,1,US,000000,Cross-industry,cross-industry,1235,13-1020,Buyers and Purchasing Agents,detailed,"
        "484060,0.8,,,,,36.61,76150,0.4,21.2,26.28,33.91,44.16,57.06,44100,54660,70520,91860,118690,,\n"
    ),
    "bls/oews_national_M2024_field_descriptions.csv": (
        "May 2024 OEWS Estimates,,\n"
        '"#  = indicates a wage equal to or greater than $115.00 per hour or $239,200 per year ",,\n'
    ),
    "bls/ep_table1.2_occupational_projections_2024-34.csv": (
        "2024 National Employment Matrix title,2024 National Employment Matrix code,Occupation type,"
        '"Employment, 2024","Employment, 2034","Employment distribution, percent, 2024",'
        '"Employment distribution, percent, 2034","Employment change, numeric, 2024–34",'
        '"Employment change, percent, 2024–34","Percent self employed, 2024",'
        '"Occupational openings, 2024–34 annual average","Median annual wage, dollars, 2024[1]",'
        "Typical education needed for entry,Work experience in a related occupation,"
        "Typical on-the-job training needed to attain competency in the occupation,"
        "Related Occupational Outlook Handbook (OOH) content xlsx\n"
        '"Total, all occupations",00-0000,Summary,169956.1,175167.9,100,100,5211.8,3.1,5.8,"18,863.3",49500,'
        "—,—,—,—\n"
        "      Data scientists,15-2051,Line item,245.9,328.3,0.1,0.2,82.5,33.5,1.8,23.4,112590,"
        "Bachelor's degree,None,None,OOH Content\n"
        '      Anesthesiologists,29-1211,Line item,32.3,33.5,0,0,1.2,3.7,—,1.1,">=$239,200",'
        "Doctoral or professional degree,None,Internship/residency,OOH Content\n"
        "      Word processors and typists,43-9022,Line item,40.0,31.0,0,0,-9.0,-22.5,5.0,2.9,45000,"
        "High school diploma or equivalent,None,Short-term on-the-job training,OOH Content\n"
    ),
}


def write_dataset(root, **replace):
    """Write the sample files under `root`; `replace` maps a file name (its last part, dots and
    spaces as underscores: `ipeds2023_cost_csv`) to new text, or to None to leave the file out."""
    root = Path(root)
    for name, sample in FILES.items():
        text = replace.get(file_key(name), sample)
        if text is None:
            continue
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_bytes(text.encode("utf-8"))
    return root


def file_key(name):
    return Path(name).name.replace(".", "_").replace(" ", "_").replace(",", "")
