namespace GanXian.CreditHub.Bench.Generator;

/// <summary>A generated Ganxian employer and the insurance types it contributes to.</summary>
internal sealed record Employer(string Name, string CreditCode, int Insured, decimal MonthlyWage, string[] InsuranceTypes, bool IsPublicInstitution);

internal static class Employers
{
    private static readonly string[] Towns =
        ["梅林", "王母渡", "沙地", "江口", "田村", "南塘", "茅店", "吉埠", "五云", "湖江", "储潭", "韩坊", "阳埠", "大埠", "长洛", "大田", "白鹭", "三溪", "石芫", "赣州高新区"];

    private static readonly string[] Words =
        ["宏达", "鑫源", "华盛", "恒通", "金峰", "赣南", "虔诚", "瑞丰", "客家", "章贡", "锦程", "嘉禾", "盛世", "永兴", "福泰", "安达", "新世纪", "昌隆", "聚贤", "同创", "天和", "美丽", "富康", "绿源", "远航", "信达", "兴旺", "利民", "腾飞", "明珠"];

    private static readonly string[] Trades =
        ["稀土新材料", "脐橙种植专业合作社", "建筑工程", "电子科技", "纺织服装", "物流", "商贸", "食品", "家具制造", "矿业", "医药", "汽车销售服务", "餐饮管理", "物业管理", "劳务派遣", "机械制造", "生态农业", "包装材料", "文化传媒", "环保科技"];

    private static readonly string[] Shops = ["商行", "五金店", "副食店", "小吃店", "建材经营部", "农资店"];

    private static readonly string[] Forms = ["有限公司", "有限责任公司", "股份有限公司"];

    private static readonly string[] Institutions = ["赣县区第一中学", "赣县区人民医院", "赣县区中医院", "赣县区城市管理局", "赣县区梅林中心小学", "赣县区妇幼保健院"];

    public static Employer[] Create(int count, Random random)
    {
        var employers = new Employer[count];
        var names = new HashSet<string>();
        for (var i = 0; i < count; i++)
        {
            var division = random.Next(5) == 0 ? "360721" : "360704";
            var institution = i < Institutions.Length * 3 && i % 3 == 0;
            var individual = !institution && random.Next(12) == 0;
            var name = institution
                ? Institutions[i / 3 % Institutions.Length]
                : individual
                ? $"赣县区{Towns[random.Next(Towns.Length)]}{Pick(random)}{Shops[random.Next(Shops.Length)]}"
                : Trades[random.Next(Trades.Length)] switch
                {
                    "脐橙种植专业合作社" => $"赣县区{Towns[random.Next(Towns.Length)]}{Pick(random)}脐橙种植专业合作社",
                    var trade => $"赣州{Pick(random)}{trade}{Forms[random.Next(Forms.Length)]}",
                };
            for (var n = 2; !names.Add(name); n++)
            {
                // Real registers have branches and same-name firms in other towns.
                name = n == 2 && !institution ? $"{name}{Towns[random.Next(Towns.Length)]}分公司" : $"{name.TrimEnd('0', '1', '2', '3', '4', '5', '6', '7', '8', '9')}{n}";
            }

            var code = Identifiers.CreditCode(random, institution ? "12" : individual ? "92" : "91", division);
            var insured = individual ? 1 + random.Next(5) : (int)Math.Min(3000, Math.Round(Math.Exp(random.NextDouble() * 6.2)) + 2);
            string[] types = institution ? ["120", "210", "310", "410", "510"] : random.Next(10) == 0 ? ["110", "310"] : ["110", "210", "310", "410", "510"];
            employers[i] = new Employer(name, code, insured, 3200 + random.Next(0, 5200), types, institution);
        }

        return employers;
    }

    private static string Pick(Random random) => Words[random.Next(Words.Length)];
}
