using System.Text.Json.Nodes;
using GanXian.CreditHub.Exchange;
using GanXian.CreditHub.Validation;
using GanXian.CreditHub.Validation.Identifiers;
using static GanXian.CreditHub.Tests.Collect.CollectTestKit;

namespace GanXian.CreditHub.Tests.Validation;

public class RecordValidationTests
{
    private const string UsccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    private static JsonObject Contribution() => new()
    {
        ["DWMC"] = "赣州宏达稀土新材料有限公司", ["TYSHXYDM"] = GoodUscc, ["XZLX"] = "110", ["FKSSQ"] = "202610",
        ["CBRS"] = 12, ["YJJE"] = 10000.00m, ["SJJE"] = 8000.00m, ["QJJE"] = 2000.00m, ["JFZT"] = "欠缴",
        ["TJRQ"] = "2026-11-10", ["SJLY"] = "赣州市赣县区人力资源和社会保障局", ["SJLYDM"] = "113607210145123499",
    };

    private static IReadOnlyList<RecordIssue> Validate(JsonObject data, string catalog = "SHBX_JFXX") => Rules().Validate(catalog, data);

    private static JsonObject With(JsonObject data, string field, JsonNode? value)
    {
        data[field] = value;
        return data;
    }

    [Fact]
    public void A_good_contribution_has_no_issues() => Assert.Empty(Validate(Contribution()));

    [Theory]
    [InlineData("QJJE", "1999.99", "QJJE_MISMATCH")]
    [InlineData("SJJE", "10000.01", "QJJE_MISMATCH")]
    [InlineData("YJJE", "-1", "NEGATIVE_AMOUNT")]
    [InlineData("CBRS", "-1", "NEGATIVE_COUNT")]
    [InlineData("YJJE", "10000.001", "DECIMAL_SCALE")]
    [InlineData("CBRS", "1.5", "TYPE_MISMATCH")]
    public void Amount_rules(string field, string value, string rule)
    {
        var issues = Validate(With(Contribution(), field, JsonValue.Create(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture))));
        Assert.Contains(issues, i => i.Rule == rule && i.Severity == IssueSeverity.Error);
    }

    [Fact]
    public void Status_must_agree_with_the_arrears()
    {
        Assert.Contains(Validate(With(Contribution(), "JFZT", "正常")), i => i.Rule == "JFZT_INCONSISTENT" && i.Field == "JFZT");
        var paid = Contribution();
        paid["SJJE"] = 10000.00m;
        paid["QJJE"] = 0m;
        Assert.Contains(Validate(paid), i => i.Rule == "JFZT_INCONSISTENT");
        paid["JFZT"] = "补缴";
        Assert.Empty(Validate(paid));
    }

    [Fact]
    public void Period_after_the_current_Shanghai_month_is_rejected()
    {
        Assert.Empty(Validate(With(Contribution(), "FKSSQ", "202612")));
        Assert.Contains(Validate(With(Contribution(), "FKSSQ", "202701")), i => i.Rule == "PERIOD_IN_FUTURE");
        // 2026-11-30 23:30 UTC is already December in Shanghai.
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 16, 30, 0, TimeSpan.Zero));
        Assert.Empty(Rules(clock).Validate("SHBX_JFXX", With(Contribution(), "FKSSQ", "202612")));
        Assert.Contains(Validate(With(Contribution(), "FKSSQ", "202613")), i => i.Rule == "INVALID_FORMAT");
    }

    [Theory]
    [InlineData("DWMC", "REQUIRED")]
    [InlineData("TJRQ", "REQUIRED")]
    public void Missing_required_fields_are_reported(string field, string rule)
    {
        var data = Contribution();
        data.Remove(field);
        var issue = Assert.Single(Validate(data));
        Assert.Equal((field, rule), (issue.Field, issue.Rule));
    }

    [Fact]
    public void Code_list_length_and_types_are_checked()
    {
        Assert.Contains(Validate(With(Contribution(), "XZLX", "999")), i => i.Rule == "CODE_NOT_IN_LIST");
        Assert.Contains(Validate(With(Contribution(), "DWMC", new string('企', 201))), i => i.Rule == "TOO_LONG");
        Assert.Contains(Validate(With(Contribution(), "YJJE", "10000.00")), i => i.Rule == "TYPE_MISMATCH" && i.Field == "YJJE");
        Assert.Contains(Validate(With(Contribution(), "TJRQ", "2026/11/10")), i => i.Rule == "INVALID_DATE");
    }

    [Fact]
    public void The_standard_credit_code_example_is_valid_and_its_division_variants_too()
    {
        Assert.Empty(Validate(With(Contribution(), "TYSHXYDM", "91350100M000100Y43")));
        Assert.Empty(Validate(With(Contribution(), "SJLYDM", "113607210145123499")));
    }

    /// <summary>Random bodies with the Ganxian division codes; for each, exactly one check character is valid, and every single-character change of that code is rejected.</summary>
    [Fact]
    public void Generated_credit_codes_are_accepted_and_every_altered_one_rejected()
    {
        var random = new Random(32100);
        for (var n = 0; n < 60; n++)
        {
            var body = (n % 2 == 0 ? "91360704" : "92360721") + new string(Enumerable.Range(0, 9).Select(_ => UsccAlphabet[random.Next(UsccAlphabet.Length)]).ToArray());
            var valid = UsccAlphabet.Select(c => body + c).ToList();
            var code = Assert.Single(valid, UnifiedSocialCreditCode.IsValid);

            var issues = Validate(With(Contribution(), "TYSHXYDM", code));
            Assert.DoesNotContain(issues, i => i.Severity == IssueSeverity.Error);

            var position = random.Next(18);
            var replacement = UsccAlphabet.Where(c => c != code[position]).ElementAt(random.Next(30));
            var altered = code[..position] + replacement + code[(position + 1)..];
            Assert.Contains(Validate(With(Contribution(), "TYSHXYDM", altered)), i => i.Rule == "INVALID_USCC" && i.Severity == IssueSeverity.Error);
        }
    }

    [Fact]
    public void Organisation_code_mismatch_inside_a_valid_credit_code_is_only_a_warning()
    {
        // Organisation code 01451234 has check 9; with 8 the credit code's own check is recomputed to stay valid.
        var body = "91360721014512348";
        var code = UsccAlphabet.Select(c => body + c).Single(UnifiedSocialCreditCode.IsValid);
        var issue = Assert.Single(Validate(With(Contribution(), "TYSHXYDM", code)));
        Assert.Equal(("ORG_CODE_MISMATCH", IssueSeverity.Warning), (issue.Rule, issue.Severity));
    }

    private static JsonObject Penalty(string category) => new()
    {
        ["CF_XDR_MC"] = "张三", ["CF_XDR_LB"] = category, ["CF_WSH"] = "赣县人社监罚〔2026〕12号", ["CF_WFXW"] = "未按时足额支付劳动报酬",
        ["CF_SY"] = "拖欠工资", ["CF_YJ"] = "《劳动保障监察条例》第二十六条", ["CF_CFLB"] = "罚款", ["CF_NR"] = "罚款人民币贰仟元",
        ["CF_NR_FK"] = 0.2m, ["CF_JDRQ"] = "2026-11-02", ["CF_YXQ"] = "2029-11-02", ["CF_GSJZQ"] = "2027-11-02",
        ["CF_CFJG"] = "赣州市赣县区人力资源和社会保障局", ["CF_CFJGDM"] = "113607210145123499",
        ["CF_SJLY"] = "赣州市赣县区人力资源和社会保障局", ["CF_SJLYDM"] = "113607210145123499",
    };

    [Fact]
    public void A_natural_person_needs_an_id_number_and_an_organisation_a_credit_code()
    {
        Assert.Contains(Validate(Penalty("自然人"), "XZCF"), i => i.Rule == "ID_NUMBER_REQUIRED" && i.Field == "CF_XDR_ZJHM");
        var person = Penalty("自然人");
        person["CF_XDR_ZJLX"] = "身份证";
        person["CF_XDR_ZJHM"] = "11010519491231002X";
        Assert.Empty(Validate(person, "XZCF"));
        Assert.Contains(Validate(Penalty("法人及非法人组织"), "XZCF"), i => i.Rule == "USCC_REQUIRED");
    }

    [Fact]
    public void Generated_id_numbers_are_accepted_and_altered_ones_rejected_without_the_number_in_the_message()
    {
        var random = new Random(11643);
        for (var n = 0; n < 40; n++)
        {
            var birth = new DateOnly(1950, 1, 1).AddDays(random.Next(25000));
            var body = (n % 2 == 0 ? "360704" : "360721") + birth.ToString("yyyyMMdd") + random.Next(1000).ToString("D3");
            var id = Assert.Single("0123456789X".Select(c => body + c), CitizenIdNumber.IsValid);
            var person = Penalty("自然人");
            person["CF_XDR_ZJLX"] = "身份证";
            person["CF_XDR_ZJHM"] = id;
            Assert.Empty(Validate(person, "XZCF"));

            var wrong = id[..17] + "0123456789X".Where(c => c != id[17]).ElementAt(random.Next(10));
            person["CF_XDR_ZJHM"] = wrong;
            var issue = Assert.Single(Validate(person, "XZCF"));
            Assert.Equal("INVALID_IDCARD", issue.Rule);
            Assert.DoesNotContain(wrong, issue.Message);
        }
    }

    [Theory]
    [InlineData("11010519491231002x", "11010519491231002X")]
    [InlineData(" 11010519491231002X ", "11010519491231002X")]
    [InlineData("110105491231002", "11010519491231002X")]
    public void Id_numbers_are_normalised_when_mapped(string input, string expected)
    {
        var spec = Registry.Catalogs.Get("XZCF").Field("CF_XDR_ZJHM")!;
        Assert.True(GanXian.CreditHub.Mapping.FieldValues.ToJson(spec, input, out var node, out _));
        Assert.Equal(expected, node.GetValue<string>());
        var person = Penalty("自然人");
        person["CF_XDR_ZJLX"] = "身份证";
        person["CF_XDR_ZJHM"] = node.DeepClone();
        Assert.Empty(Validate(person, "XZCF"));
    }

    [Fact]
    public void Corrected_data_with_a_lower_case_or_legacy_id_number_is_asked_to_be_normalised()
    {
        var person = Penalty("自然人");
        person["CF_XDR_ZJLX"] = "身份证";
        person["CF_XDR_ZJHM"] = "11010519491231002x";
        Assert.Equal("ID_NUMBER_NOT_NORMALISED", Assert.Single(Validate(person, "XZCF")).Rule);
    }

    [Fact]
    public void Record_ids_are_stable_opaque_and_depend_on_the_business_key_only()
    {
        var rules = Rules();
        var a = rules.RecordIdFor("SHBX_JFXX", Contribution());
        var changedAmount = With(Contribution(), "SJJE", 9000m);
        Assert.Equal(a, rules.RecordIdFor("SHBX_JFXX", changedAmount));
        Assert.NotEqual(a, rules.RecordIdFor("SHBX_JFXX", With(Contribution(), "XZLX", "210")));
        Assert.Matches("^SHBX_JFXX-[A-Z2-7]{52}$", a);
        Assert.DoesNotContain(GoodUscc, a);
        Assert.Throws<ArgumentException>(() => rules.RecordIdFor("SHBX_JFXX", With(Contribution(), "FKSSQ", null)));
    }

    [Fact]
    public void Dates_that_run_backwards_are_refused()
    {
        var issue = Assert.Single(Validate(With(Penalty("自然人"), "CF_YXQ", "2026-10-31"), "XZCF"), i => i.Rule == "DATE_ORDER");
        Assert.Equal("CF_YXQ", issue.Field);
        Assert.Equal("处罚有效期 2026-10-31 早于处罚决定日期 2026-11-02", issue.Message);
    }

    [Fact]
    public void Every_date_order_rule_names_two_date_fields_of_its_catalogue()
    {
        var pairs = DateOrderRules.All().SelectMany(r => r.Pairs.Select(p => (r.Catalog, p.Earlier, p.Later))).ToList();
        Assert.NotEmpty(pairs);
        Assert.All(pairs, p =>
        {
            var catalog = Registry.Catalogs.Get(p.Catalog);
            Assert.Equal("date", catalog.Field(p.Earlier)?.Type);
            Assert.Equal("date", catalog.Field(p.Later)?.Type);
        });
    }

    [Fact]
    public void Publication_end_comes_from_the_mapping_field()
    {
        var rules = Rules();
        Assert.Equal(new DateOnly(2027, 11, 2), rules.PublishUntil("XZCF", Penalty("自然人")));
        Assert.Null(rules.PublishUntil("SHBX_JFXX", Contribution()));
    }
}

/// <summary>The rules called directly (the collection path) and composed as one FluentValidation validator report the same.</summary>
public class FluentValidationCompositionTests
{
    [Fact]
    public async Task The_composed_validator_reports_what_the_direct_call_reports()
    {
        var validation = GanXian.CreditHub.Tests.Collect.CollectTestKit.Validation();
        var validator = validation.ValidatorFor("SHBX_JFXX")!;
        var records = await ReadAllAsync(Path.Combine(RepoRoot, "samples", "inbox", "shbx-jfxx", "社保缴费_202610_GBK.csv"));
        var checkedWithIssues = 0;
        foreach (var record in records)
        {
            var direct = new List<RecordIssue>();
            validation.Validate("SHBX_JFXX", record.Fields!, _ => null, direct);
            var composed = validator.Validate(record.Fields!).Errors.Select(f => GanXian.CreditHub.Validation.ValidationFailures.ToIssue(f, _ => null));

            Assert.Equal(direct, composed);
            checkedWithIssues += direct.Count > 0 ? 1 : 0;
        }

        Assert.True(checkedWithIssues >= 4);
        Assert.Null(validation.ValidatorFor("NO_SUCH_CATALOG"));
    }
}
